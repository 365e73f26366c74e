/** cdk.json entry point (`npx tsx infra/app.ts`): loads conveyor.config.ts, builds the Conveyor app and synthesizes it. */
import { loadConveyorConfig } from './config/index.js';
import { createApp } from './create-app.js';

// The CDK CLI runs the app in the project root, where cdk.json and conveyor.config.ts are.
const config = await loadConveyorConfig(process.cwd());
createApp({ config }).app.synth();
