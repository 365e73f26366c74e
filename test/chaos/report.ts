import type { ChaosResult } from './run-chaos.js';

/** The summary table of a chaos run, as Markdown (readable on a terminal too). */
export function formatChaosReport(result: ChaosResult): string {
  const { send, verdict, figures, seconds } = result;
  // The reference consumer emits no Conveyor metrics.
  const metric = (value: number | undefined) => (result.options.consumer === 'conveyor' ? value ?? 0 : 'n/a (reference)');
  const rows: [string, string | number][] = [
    ['consumer', result.options.consumer],
    ['unique messages', figures.uniqueMessages ?? 0],
    ['sent (messages, duplicates included)', send.acceptedSends],
    ['requests (incl. retries after 429/5xx)', send.requests],
    ['accepted', send.acceptedSends],
    ['rejected (4xx on valid input)', send.rejected.length],
    ['duplicates sent', figures.plannedDuplicates ?? 0],
    ['duplicates suppressed by the consumer', metric(figures.duplicatesSuppressed)],
    ['consumer retries (batch item failures)', metric(figures.consumerRetries)],
    ['consumer invocations', figures.consumerInvocations ?? 0],
    ['crashes injected', figures.crashesInjected ?? 0],
    ['DynamoDB faults injected (consumer)', `${figures.dynamodbFaultsInjected ?? 0} of ${figures.consumerDynamodbRequests ?? 0} calls`],
    ['commits slowed past the visibility timeout', figures.slowedPastVisibility ?? 0],
    ['malformed sent / in DLQ (DLQ messages, copies included)', `${figures.malformed ?? 0} / ${(figures.malformed ?? 0) - verdict.missingDeadLetters} (${verdict.deadLetters})`],
    ['valid messages in DLQ', verdict.unexpectedDeadLetters],
    ['lost', verdict.lost],
    ['double-applied', verdict.doubleApplied],
    ['accounts with a wrong balance', `${verdict.wrongBalances} of ${verdict.accounts}`],
    ['idempotency records completed / in progress / stuck (lock not expired) / dead-letter notes', `${verdict.records.completed} / ${verdict.records.inProgress} / ${verdict.stuck} / ${verdict.records.deadLettered}`],
    ['unique messages without a completed record', verdict.unrecorded],
    ['time: send / drain / total', `${seconds.send.toFixed(1)} s / ${seconds.quiet.toFixed(1)} s / ${seconds.total.toFixed(1)} s`],
    ['verdict', result.passed ? 'PASS' : 'FAIL'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return ['| figure | value |', '|---|---|', ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value} |`)].join('\n');
}
