import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseContext } from './context.js';
import type { ConveyorProps } from './constructs/conveyor-queue.js';
import { ConveyorStack } from './conveyor-stack.js';

/** Options of `createApp`, mainly for tests. */
export interface CreateAppOptions {
  /**
   * Extra context, merged over the CLI's (e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling).
   * @default - none
   */
  readonly context?: Record<string, unknown>;
  /**
   * Cloud assembly directory.
   * @default - the CLI's `CDK_OUTDIR`, or a temporary directory
   */
  readonly outdir?: string;
  /**
   * The settings of `conveyor.config.ts`, as `loadConveyorConfig` returns them. Context overrides
   * them setting by setting: defaults < `conveyor.config.ts` < cdk.json context < `-c` on the
   * command line (the CDK CLI puts `-c` over cdk.json before the app sees either).
   * @default - none: every setting context does not give keeps its default
   */
  readonly config?: ConveyorProps;
}

/** The app and its only stack. */
export interface ConveyorApp {
  /** The CDK app, with the cdk-nag AwsSolutions checks registered. */
  readonly app: App;
  /** The Conveyor stack. */
  readonly stack: ConveyorStack;
}

/**
 * Builds the Conveyor app: parses context, lays it over the `config` settings, creates
 * `ConveyorStack` (name from context `stackName`, environment from
 * `CDK_DEFAULT_ACCOUNT`/`CDK_DEFAULT_REGION`) and registers cdk-nag's AwsSolutions checks as a
 * validation plugin, so that any unacknowledged error-level finding fails synthesis.
 * @throws ConveyorConstructError `INVALID_CONTEXT` or `UNKNOWN_CONTEXT_KEY` for bad context, `INVALID_PROP` for out-of-range settings
 */
export function createApp(options: CreateAppOptions = {}): ConveyorApp {
  const app = new App({
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const { stackName, props } = parseContext(app.node.getAllContext());
  const stack = new ConveyorStack(app, stackName, {
    stackName,
    description: 'Conveyor: self-hosted message queue (API Gateway, SQS, Lambda, DynamoDB)',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    conveyor: { ...options.config, ...props },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
