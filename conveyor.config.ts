// Conveyor's one declaration: the queues, the tables their handlers write, and the message types.
// Every setting, its default and range, and how `-c` context overrides this file: README.md,
// "Deploy to AWS" (Settings). Adding a type: docs/your-types.md.
import { defineConfig } from './infra/config/index.js';

export default defineConfig({
  queues: {
    ledger: {},
    orders: { fifo: true },
  },
  tables: {
    ledger: { partitionKey: 'account' },
    orders: { partitionKey: 'orderId' },
  },
  types: {
    'ledger.credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },
    // Fan-out: each queue's consumer applies its own handler once (the order; its total in the ledger).
    'orders.place': { queues: ['orders', 'ledger'], module: './handlers/orders-place.ts', tables: ['orders', 'ledger'] },
  },
});
