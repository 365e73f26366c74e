// The payments app's one declaration: its queue, the table its type's handler writes, and the type.
// Conveyor comes as a package ("conveyor": "file:../.." in package.json): the config helpers from
// 'conveyor/config', the handler API from 'conveyor/handler'. Module paths are relative to this folder.
import { defineConfig } from 'conveyor/config';

export default defineConfig({
  queues: {
    payments: { batchSize: 5, maxReceiveCount: 3 },
  },
  tables: {
    charges: { partitionKey: 'chargeId' },
  },
  types: {
    'payments.charge': { queues: ['payments'], module: './handlers/payments-charge.ts', tables: ['charges'] },
  },
});
