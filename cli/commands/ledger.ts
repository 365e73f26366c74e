/** `conveyor ledger <account>`: the shipped example's effect, an account's balance. */
import type { Command } from 'commander';
import { createDynamoDbClient } from '../../ops/clients.js';
import { readLedgerAccount } from '../../ops/ledger.js';
import { targetOf } from '../context.js';
import { printJson } from '../format.js';

/** Registers `ledger`. */
export function registerLedger(program: Command): void {
  program
    .command('ledger')
    .summary('an account\'s balance in the example ledger (what ledger.credit applied)')
    .description(
      'Reads one account from the ledger table that the shipped ledger.credit type writes: the balance (cents) and how many '
      + 'credits were applied — each credit once, however often it was sent. No AWS CLI needed; one DynamoDB read.',
    )
    .argument('<account>', 'the account, as in the payload\'s "account"')
    .option('--json', 'print the row as JSON')
    .addHelpText('after', `
Examples:
  $ conveyor ledger alice
  $ conveyor --target aws ledger alice --json`)
    .action(async (account: string, options: { json?: boolean }, command: Command) => {
      const target = await targetOf(command);
      const dynamodb = await createDynamoDbClient(target);
      try {
        const row = await readLedgerAccount(dynamodb, target.ledgerTableName, account);
        if (options.json) printJson(row);
        else process.stdout.write(`${row.account}  balance ${row.balance} cents  credits ${row.credits}${row.updatedAt ? `  last ${row.updatedAt}` : ''}\n`);
      } finally {
        dynamodb.destroy();
      }
    });
}
