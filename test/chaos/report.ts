import type { BookingVerdict } from './order-oracle.js';
import type { ChaosResult } from './run-chaos.js';

/** The summary table of a chaos run, as Markdown (readable on a terminal too). */
export function formatChaosReport(result: ChaosResult): string {
  const { send, verdict, figures, seconds } = result;
  // The reference consumer emits no Conveyor metrics.
  const metric = (value: number | undefined) => (result.options.consumer === 'conveyor' ? value ?? 0 : 'n/a (reference)');
  const rows: [string, string | number][] = [
    ['consumer', result.options.consumer],
    ['unique messages (ledger.credit)', figures.uniqueMessages ?? 0],
    ['sent (messages of both types, duplicates included)', send.acceptedSends],
    ['requests (incl. retries after 429/5xx)', send.requests],
    ['accepted', send.acceptedSends],
    ['rejected (4xx on valid input)', send.rejected.length],
    ['duplicates sent (credits)', figures.plannedDuplicates ?? 0],
    ['duplicates suppressed by the consumers', metric(figures.duplicatesSuppressed)],
    ['consumer retries (batch item failures, both consumers)', metric(figures.consumerRetries)],
    ['ledger consumer invocations', figures.consumerInvocations ?? 0],
    ['crashes injected', figures.crashesInjected ?? 0],
    ['DynamoDB faults injected (ledger consumer)', `${figures.dynamodbFaultsInjected ?? 0} of ${figures.consumerDynamodbRequests ?? 0} calls`],
    ['commits slowed past the visibility timeout', figures.slowedPastVisibility ?? 0],
    ['malformed sent / in DLQ (DLQ messages, copies included)', `${figures.malformed ?? 0} / ${(figures.malformed ?? 0) - verdict.missingDeadLetters} (${verdict.deadLetters})`],
    ['valid messages in DLQ', verdict.unexpectedDeadLetters],
    ['lost', verdict.lost],
    ['double-applied', verdict.doubleApplied],
    ['accounts with a wrong balance', `${verdict.wrongBalances} of ${verdict.accounts}`],
    ['idempotency records completed / in progress / stuck (lock not expired) / dead-letter notes', `${verdict.records.completed} / ${verdict.records.inProgress} / ${verdict.stuck} / ${verdict.records.deadLettered}`],
    ['unique messages without a completed record', verdict.unrecorded],
    ...(figures.orders ? orderRows(result) : []),
    ['time: send / drain / total', `${seconds.send.toFixed(1)} s / ${seconds.quiet.toFixed(1)} s / ${seconds.total.toFixed(1)} s`],
    ['verdict', result.passed ? 'PASS' : 'FAIL'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return ['| figure | value |', '|---|---|', ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value} |`)].join('\n');
}

/** The orders' rows: what was sent, the faults the orders consumer met, and the orders oracle. */
function orderRows({ verdict: { orders }, figures }: ChaosResult): [string, string | number][] {
  const reasons = Object.entries(orders.deadLetterReasons).map(([code, count]) => `${count} ${code}`).join(', ');
  const refused = (figures.orders ?? 0) - orders.orders;
  return [
    ['orders: unique / duplicates sent / customers (groups)', `${figures.orders ?? 0} / ${figures.plannedOrderDuplicates ?? 0} / ${orders.customers}`],
    ['orders: answered 202', `${orders.orders}${refused > 0 ? ` (${refused} refused)` : ''}`],
    ['orders consumer: invocations / crashes injected / timeouts', `${figures.ordersConsumerInvocations ?? 0} / ${figures.ordersCrashesInjected ?? 0} / ${figures.ordersTimeouts ?? 0}`],
    ['orders consumer: DynamoDB faults injected', `${figures.ordersDynamodbFaultsInjected ?? 0} of ${figures.ordersConsumerDynamodbRequests ?? 0} calls`],
    ['orders consumer: puts slowed past the visibility timeout', figures.ordersSlowedPastVisibility ?? 0],
    ['orders: malformed sent / in DLQ (DLQ messages)', `${figures.malformedOrders ?? 0} / ${(figures.malformedOrders ?? 0) - orders.missingDeadLetters} (${orders.deadLetters})`],
    ['orders: valid in DLQ (not applied) [reasons]', `${orders.unexpectedDeadLetters} (${orders.deadLetteredNotApplied})${reasons ? ` [${reasons}]` : ''}`],
    ['orders: applied once with the right content', `${orders.appliedOnce} of ${orders.orders}`],
    ['orders: lost', orders.lost],
    ['orders: applied twice', orders.appliedTwice],
    ['orders: wrong content / unexpected items', `${orders.wrongContent} / ${orders.unexpectedItems}`],
    ...(orders.bookings ? bookingRows(orders.bookings) : []),
  ];
}

/** The rows of the orders' totals booked on the ledger queue (fan-out). */
function bookingRows(bookings: BookingVerdict): [string, string | number][] {
  const reasons = Object.entries(bookings.deadLetterReasons).map(([code, count]) => `${count} ${code}`).join(', ');
  return [
    ['order bookings (ledger queue): lost / booked twice', `${bookings.lost} / ${bookings.bookedTwice}`],
    ['order bookings: sales accounts with a wrong balance', `${bookings.wrongBalances} of ${bookings.customers}`],
    ['order bookings: without a completed record / stuck', `${bookings.unrecorded} / ${bookings.stuck}`],
    ['order bookings: copies in the ledger DLQ [reasons]', `${bookings.unexpectedDeadLetters}${reasons ? ` [${reasons}]` : ''}`],
  ];
}
