import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureSynthesized } from '../../local/synth/synth-cache.js';
import { type ConveyorResources, synthesizeConveyorResources } from './conveyor-template.js';
import { startEmulators } from './emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sqsEndpoint: string;
    /** DynamoDB through the AWS endpoint proxy (transactions emulated), as the local runtime serves it. */
    dynamodbEndpoint: string;
    /** dynalite itself, for tests of the proxy. */
    dynaliteEndpoint: string;
    /** The queues and tables of the synthesized Conveyor template, which `createQueues` and `createTables` provision. */
    conveyorResources: ConveyorResources;
  }
}

/**
 * Starts the emulators and synthesizes the Conveyor template once for the whole run; every test
 * file creates its own queues and tables from that template. Also makes sure `cdk.out` holds the
 * current sources' assembly (as `npm start` does: `cdk synth` only when they changed), for the tests
 * that run its bundles — the unit stage runs before anything else has synthesized on a fresh clone.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureSynthesized({ projectDir: resolve(import.meta.dirname, '..', '..') });
  project.provide('conveyorResources', synthesizeConveyorResources());
  const emulators = await startEmulators();
  project.provide('sqsEndpoint', emulators.sqsEndpoint);
  project.provide('dynamodbEndpoint', emulators.dynamodbEndpoint);
  project.provide('dynaliteEndpoint', emulators.dynaliteEndpoint);
  return () => emulators.stop();
}
