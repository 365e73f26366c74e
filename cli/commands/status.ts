/** `conveyor status <id>`: was this message processed? */
import type { Command } from 'commander';
import { describeMessageStatus, getMessageStatus } from '../../ops/message-status.js';
import { targetOf } from '../context.js';
import { printJson } from '../format.js';

/** Registers `status`. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .summary('was a message processed? (GET /messages/{id})')
    .description(
      'Asks the API for the state of a message by its idempotency key (the `id` a 202 answered): completed (when), '
      + 'in_progress, dead_lettered (when, why) or unknown (not processed yet, or never sent with this API key). '
      + 'The answer is scoped to the API key, as the keys are. One DynamoDB read.',
    )
    .argument('<id>', 'the idempotency key (the answer\'s id)')
    .option('--json', 'print the API\'s answer as JSON')
    .addHelpText('after', `
Examples:
  $ conveyor status order-42-credit
  $ conveyor --target aws status order-42-credit --json`)
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const target = await targetOf(command);
      const answer = await getMessageStatus({ apiUrl: target.apiUrl, apiKey: await target.apiKey() }, id);
      if (options.json) printJson(answer);
      else process.stdout.write(`${describeMessageStatus(answer)}\n`);
    });
}
