/** cdk.json entry point (`npx tsx infra/app.ts`): builds the Conveyor app and synthesizes it. */
import { createApp } from './create-app.js';

createApp().app.synth();
