import type { ConveyorProps } from '../../infra/constructs/conveyor-queue.js';
import { createApp, type ConveyorApp } from '../../infra/create-app.js';
import { CDK_JSON_CONTEXT, NO_BUNDLING, tempOutdir } from './factories.js';

// Kept apart from factories.ts: createApp loads cdk-nag, which construct tests do not need.

/**
 * `createApp` as `cdk synth` runs it (cdk.json flags, built-in CloudFormation
 * validation, cdk-nag), with bundling skipped, a temporary outdir, `context`, and
 * `config` as the settings of a `conveyor.config.ts`.
 */
export function testApp(context: Record<string, unknown> = {}, config?: ConveyorProps): ConveyorApp & { readonly outdir: string } {
  const outdir = tempOutdir();
  return { ...createApp({ context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING, ...context }, outdir, ...(config === undefined ? {} : { config }) }), outdir };
}
