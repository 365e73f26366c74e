import type { TestProject } from 'vitest/node';
import { startEmulators } from './emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sqsEndpoint: string;
    /** DynamoDB through the AWS endpoint proxy (transactions emulated), as the local runtime serves it. */
    dynamodbEndpoint: string;
    /** dynalite itself, for tests of the proxy. */
    dynaliteEndpoint: string;
  }
}

/** Starts the emulators once for the whole run; every test file creates its own queues and tables. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('sqsEndpoint', emulators.sqsEndpoint);
  project.provide('dynamodbEndpoint', emulators.dynamodbEndpoint);
  project.provide('dynaliteEndpoint', emulators.dynaliteEndpoint);
  return () => emulators.stop();
}
