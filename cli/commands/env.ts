/** `conveyor env`: the `export` lines that set API_URL and API_KEY for the README's examples. */
import type { Command } from 'commander';
import { apiExportLines } from '../../ops/shell-exports.js';
import { targetOf } from '../context.js';

/** Registers `env`. */
export function registerEnv(program: Command): void {
  program
    .command('env')
    .summary('print export lines for API_URL and API_KEY (eval "$(npx conveyor env)")')
    .description(
      'Prints `export API_URL=…` and `export API_KEY=…` for the target, ready to paste or to eval, so every example in '
      + 'the README runs as written. API_URL is the stage URL without its trailing slash ("$API_URL/messages"). '
      + 'local: from the running runtime; localstack/aws: from the outputs file, the key read with API Gateway GetApiKey '
      + '(or --api-key / CONVEYOR_API_KEY).',
    )
    .addHelpText('after', `
Examples:
  $ eval "$(npx conveyor env)"
  $ eval "$(npx conveyor env --target aws --outputs cdk-outputs.json)"`)
    .action(async (_options: unknown, command: Command) => {
      const target = await targetOf(command);
      process.stdout.write(`${apiExportLines({ apiUrl: target.apiUrl, apiKey: await target.apiKey() }).join('\n')}\n`);
    });
}
