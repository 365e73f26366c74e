import type { ChaosResult } from './run-chaos.js';

/** The summary table of a chaos run, as Markdown (readable on a terminal too). */
export function formatChaosReport(result: ChaosResult): string {
  const { send, verdict, figures, seconds } = result;
  const rows: [string, string | number][] = [
    ['unique messages', figures.uniqueMessages ?? 0],
    ['sent (messages, duplicates included)', send.acceptedSends],
    ['requests (incl. retries after 429/5xx)', send.requests],
    ['accepted', send.acceptedSends],
    ['rejected (4xx on valid input)', send.rejected.length],
    ['duplicates sent', figures.plannedDuplicates ?? 0],
    ['duplicates suppressed by the consumer', figures.duplicatesSuppressed ?? 0],
    ['consumer retries (batch item failures)', figures.consumerRetries ?? 0],
    ['consumer invocations', figures.consumerInvocations ?? 0],
    ['crashes injected', figures.crashesInjected ?? 0],
    ['DynamoDB faults injected (consumer)', `${figures.dynamodbFaultsInjected ?? 0} of ${figures.consumerDynamodbRequests ?? 0} calls`],
    ['commits slowed past the visibility timeout', figures.slowedPastVisibility ?? 0],
    ['malformed sent / in DLQ', `${figures.malformed ?? 0} / ${(figures.malformed ?? 0) - verdict.missingDeadLetters}`],
    ['valid messages in DLQ', verdict.unexpectedDeadLetters],
    ['lost', verdict.lost],
    ['double-applied', verdict.doubleApplied],
    ['accounts with a wrong balance', `${verdict.wrongBalances} of ${verdict.accounts}`],
    ['idempotency records completed / stuck in progress', `${verdict.records.completed} / ${verdict.stuck}`],
    ['time: send / drain / total', `${seconds.send.toFixed(1)} s / ${seconds.quiet.toFixed(1)} s / ${seconds.total.toFixed(1)} s`],
    ['verdict', result.passed ? 'PASS' : 'FAIL'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return ['| figure | value |', '|---|---|', ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value} |`)].join('\n');
}
