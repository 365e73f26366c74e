/**
 * The `conveyor` program: the command line for Conveyor — `start` runs the local runtime (`npm
 * start`), the other commands operate a deployment: the local runtime, LocalStack or AWS. Exit
 * codes: 0 done, 1 failed (the API, AWS or the runtime said no, or nothing is running), 2 wrong usage.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { OpsError } from '../ops/errors.js';
import { TARGET_NAMES } from '../ops/targets.js';
import { registerAdd } from './commands/add.js';
import { registerDlq } from './commands/dlq.js';
import { registerEnv } from './commands/env.js';
import { registerLedger } from './commands/ledger.js';
import { registerLoad } from './commands/load.js';
import { registerSend } from './commands/send.js';
import { registerStart } from './commands/start.js';
import { registerStats } from './commands/stats.js';
import { registerStatus } from './commands/status.js';
import { registerTail } from './commands/tail.js';
import { CliError } from './errors.js';
import { dirPath } from './parse.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** Builds the program with every command registered. */
export function createProgram(): Command {
  const program = new Command('conveyor')
    .description('Run Conveyor on this machine (start) and operate a deployment: send messages, generate load, follow the consumer, inspect and redrive the dead-letter queue, read throughput and latency.')
    .version(version)
    // Settings inherited by every command registered below.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addOption(new Option('-t, --target <target>', 'what to talk to: the local runtime (npm start), a LocalStack deployment, or AWS').choices(TARGET_NAMES).default('local').env('CONVEYOR_TARGET'))
    .addOption(new Option('--outputs <file>', 'outputs file of the deployment (cdk deploy --outputs-file), for localstack and aws; a relative path is taken from the project root (the nearest folder with a package.json)').default('cdk-outputs.json').env('CONVEYOR_OUTPUTS'))
    .addOption(new Option('--state-dir <dir>', 'the local runtime\'s state folder, which holds local.json; a relative path is taken from the project root (the nearest folder with a package.json)').argParser(dirPath).default('.conveyor').env('CONVEYOR_STATE_DIR'))
    .addOption(new Option('--stack <name>', 'the stack to use when the outputs file holds several').env('CONVEYOR_STACK'))
    .addOption(new Option('--region <region>', 'AWS region (default: the outputs file\'s, or the one in its URLs)').env('AWS_REGION'))
    .addOption(new Option('--endpoint <url>', 'SQS/DynamoDB/CloudWatch endpoint (localstack default: http://localhost:4566)'))
    .addOption(new Option('--api-key <value>', 'the API key\'s value when the outputs file has none (default: read with API Gateway GetApiKey)').env('CONVEYOR_API_KEY'))
    .addHelpText('after', `
Targets:
  local       the runtime started with \`conveyor start\` or \`npm start\` (reads <state-dir>/local.json)
  localstack  a stack deployed to LocalStack (reads --outputs)
  aws         a stack deployed to AWS (reads --outputs; credentials from the usual AWS chain)

Relative --state-dir and --outputs are taken from the project root, the nearest folder with a
package.json above the working directory (where npm runs \`npm start\` and \`npm run deploy\`),
so the commands work from any subfolder of the project.

Examples:
  $ conveyor start                    # the local runtime, as npm start; conveyor start --help
  $ eval "$(conveyor env)"            # API_URL and API_KEY for the README's curl examples
  $ conveyor send ledger.credit '{"account":"alice","amount":250}'
  $ conveyor load --rate 50 --duration 30 --duplicates 0.1
  $ conveyor status order-42-credit   # completed, in_progress, dead_lettered or unknown
  $ conveyor ledger alice             # the example's effect: alice's balance
  $ conveyor tail
  $ conveyor dlq list
  $ conveyor stats --window 60
  $ conveyor --target aws --outputs cdk-outputs.json stats
  $ conveyor add type orders.refund --queue orders --kind insert   # scaffold a message type`);
  registerStart(program);
  registerSend(program);
  registerLoad(program);
  registerTail(program);
  registerDlq(program);
  registerStats(program);
  registerStatus(program);
  registerLedger(program);
  registerEnv(program);
  registerAdd(program);
  return program;
}

/**
 * Runs the program on `argv` (as `process.argv`: node, the script, then the arguments) and returns
 * the exit code (errors are printed to stderr). `program` is for tests.
 */
export async function main(argv: readonly string[], program: Command = createProgram()): Promise<number> {
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      if (error.message) process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof OpsError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    const name = (error as Error)?.name;
    // AWS SDK errors carry a name such as AccessDenied or QueueDoesNotExist: say it plainly.
    if (error instanceof Error && (error as { $metadata?: unknown }).$metadata !== undefined) {
      process.stderr.write(`error: AWS ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
