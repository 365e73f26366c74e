// Conveyor's settings: the queue's, and the ones the whole stack shares. Every setting, its default
// and range, and how `-c` context overrides this file: README.md, "Deploy to AWS" (Settings).
import { defineConfig } from './infra/config/index.js';

export default defineConfig({
  queues: { ledger: {} },
});
