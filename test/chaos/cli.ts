/**
 * `npm run chaos` — the reliability suite at full size (100 000 credits and 10 000 orders by default)
 * against a fresh embedded runtime. Prints a progress bar and the summary table; exits 1 on any violation.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CHAOS_ORDER_RATIO, type ChaosConsumer, defaultChaosOptions } from './options.js';
import { formatChaosReport } from './report.js';
import { runChaos } from './run-chaos.js';

const ratio = (value: string) => {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError('a number from 0 to 1');
  return parsed;
};
const count = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('a whole number');
  return parsed;
};
const positive = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive integer');
  return parsed;
};

const program = new Command('chaos')
  .description('Send N ledger.credit and N / 10 orders.place messages through Conveyor under injected faults, then check that nothing was lost or applied twice.')
  .addOption(new Option('-n, --messages <n>', 'unique ledger.credit messages').argParser(positive).default(100_000))
  .addOption(new Option('--accounts <n>', 'accounts (default: messages / 20)').argParser(positive))
  .addOption(new Option('--orders <n>', `unique orders.place messages (the FIFO orders queue, and the ledger queue it fans out to); 0 for none (default: messages × ${CHAOS_ORDER_RATIO}, none with a reference consumer)`).argParser(count))
  .addOption(new Option('--customers <n>', 'customers (message groups) the orders are spread over (default: orders / 10)').argParser(positive))
  .addOption(new Option('--duplicate-ratio <r>', 'share of messages sent again with the same key').argParser(ratio).default(0.1))
  .addOption(new Option('--malformed-ratio <r>', 'malformed raw messages, as a share of messages (and of orders)').argParser(ratio).default(0.01))
  .addOption(new Option('--batch-share <r>', 'share of messages sent on the batch route').argParser(ratio).default(0.7))
  .addOption(new Option('--dynamodb-fault-rate <r>', "share of the consumers' DynamoDB calls that are throttled").argParser(ratio).default(0.1))
  .addOption(new Option('--crash-rate <r>', 'share of consumer invocations (both consumers) crashed mid-batch').argParser(ratio).default(0.05))
  .addOption(new Option('--slow-rate <r>', 'share of consumer commits (both consumers) held past the visibility timeout').argParser(ratio).default(0.002))
  .addOption(new Option('--slow-ms <ms>', 'how long a slowed commit is held (default: visibility timeout + 2 s)').argParser(positive))
  .addOption(new Option('--consumer <name>', 'consumer under test: Conveyor\'s or a Powertools reference build').choices(['conveyor', 'powertools', 'powertools-sequential']).default('conveyor'))
  .addOption(new Option('--senders <n>', 'HTTP requests in flight').argParser(positive).default(16))
  .addOption(new Option('--consumer-concurrency <n>', 'consumer batches at once (2–1000)').argParser(positive).default(16))
  .addOption(new Option('--seed <n>', 'workload seed').argParser(positive).default(1))
  .option('--json', 'print the result as JSON instead of the table')
  .option('--no-progress', 'no progress bar')
  .showHelpAfterError();

program.parse();
const flags = program.opts<{
  messages: number; accounts?: number; orders?: number; customers?: number; duplicateRatio: number; malformedRatio: number; batchShare: number; dynamodbFaultRate: number;
  crashRate: number; slowRate: number; slowMs?: number; consumer: ChaosConsumer; senders: number; consumerConcurrency: number; seed: number; json?: boolean; progress: boolean;
}>();

const options = defaultChaosOptions({
  messages: flags.messages,
  ...(flags.accounts ? { accounts: flags.accounts } : {}),
  // The Powertools reference consumer knows ledger.credit only, and orders.place goes to its queue too.
  orders: flags.orders ?? (flags.consumer === 'conveyor' ? Math.round(flags.messages * CHAOS_ORDER_RATIO) : 0),
  ...(flags.customers ? { customers: flags.customers } : {}),
  duplicateRatio: flags.duplicateRatio,
  malformedRatio: flags.malformedRatio,
  batchShare: flags.batchShare,
  dynamodbFaultRate: flags.dynamodbFaultRate,
  crashRate: flags.crashRate,
  slowRate: flags.slowRate,
  ...(flags.slowMs ? { slowMs: flags.slowMs } : {}),
  consumer: flags.consumer,
  senders: flags.senders,
  consumerConcurrency: flags.consumerConcurrency,
  seed: flags.seed,
  progress: flags.progress && process.stdout.isTTY === true,
});
const result = await runChaos(resolve(import.meta.dirname, '..', '..'), options, (line) => process.stderr.write(`${line}\n`));
process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `\n${formatChaosReport(result)}\n`);
process.exit(result.passed ? 0 : 1);
