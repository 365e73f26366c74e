/** cdk.json entry point (`npx tsx app.ts`): builds the payments app and synthesizes it. */
import { paymentsApp } from './payments-app.js';

(await paymentsApp()).app.synth();
