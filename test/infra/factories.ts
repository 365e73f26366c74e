import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ConveyorProps, ConveyorQueue } from '../../infra/constructs/conveyor-queue.js';
import type { ConveyorQueueProps } from '../../infra/constructs/conveyor-queue-props.js';
import { REPO_ROOT } from '../../infra/constructs/functions.js';
import { ConveyorStack } from '../../infra/conveyor-stack.js';

/**
 * The `context` block of cdk.json (feature flags), so that tests synthesize
 * with the same flags as `npx cdk synth`.
 */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

/** Context that skips esbuild bundling (a placeholder asset is staged instead). */
export const NO_BUNDLING: Readonly<Record<string, unknown>> = { 'aws:cdk:bundling-stacks': [] };

/** A fresh temporary directory for a cloud assembly. */
export function tempOutdir(): string {
  return mkdtempSync(join(tmpdir(), 'conveyor-infra-'));
}

/** Options of `testStack`. */
export interface TestStackOptions {
  /** Extra context (merged over cdk.json flags and NO_BUNDLING). */
  readonly context?: Record<string, unknown>;
  /** Set to true to bundle the functions for real. */
  readonly bundle?: boolean;
  /** Stack id / name. */
  readonly stackName?: string;
}

/**
 * An env-agnostic stack in an app with cdk.json's flags, bundling skipped unless
 * asked. The built-in CloudFormation validation is off here (it costs seconds per
 * test file to load); the `createApp` tests run it, as `cdk synth` does.
 */
export function testStack(options: TestStackOptions = {}): Stack {
  const app = new App({
    outdir: tempOutdir(),
    builtinCloudFormationValidation: false,
    context: { ...CDK_JSON_CONTEXT, ...(options.bundle ? {} : NO_BUNDLING), ...options.context },
  });
  return new Stack(app, options.stackName ?? 'Test');
}

/** A synthesized `ConveyorQueue`: the construct and its template. */
export interface SynthesizedConveyor {
  /** The construct. */
  readonly conveyor: ConveyorQueue;
  /** The stack holding it. */
  readonly stack: Stack;
  /** Its synthesized template. */
  readonly template: Template;
}

/** Builds a `ConveyorQueue` with `props` in a `testStack` and synthesizes it. */
export function synthConveyor(props: ConveyorProps = {}, options: TestStackOptions = {}): SynthesizedConveyor {
  const stack = testStack(options);
  const conveyor = new ConveyorQueue(stack, 'Conveyor', props);
  return { conveyor, stack, template: Template.fromStack(stack) };
}

/** A `ConveyorStack` (fixed account and region) in an app like `testStack`'s, with its template. */
export function synthConveyorStack(conveyor: ConveyorProps = {}): { readonly stack: ConveyorStack; readonly template: Template } {
  const app = new App({ outdir: tempOutdir(), builtinCloudFormationValidation: false, context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING } });
  const stack = new ConveyorStack(app, 'Conveyor', { env: { account: '123456789012', region: 'eu-west-1' }, conveyor });
  return { stack, template: Template.fromStack(stack) };
}

/** Builds (without synthesizing) a `ConveyorQueue`; for validation tests. */
export function buildConveyor(props: ConveyorProps): ConveyorQueue {
  return new ConveyorQueue(testStack(), 'Conveyor', props);
}


/**
 * Non-default values for every non-FIFO prop, chosen so each is distinguishable
 * in the template from its default.
 */
export function customProps(overrides: ConveyorQueueProps = {}): ConveyorQueueProps {
  return {
    maxReceiveCount: 3,
    retryBaseDelay: Duration.seconds(2),
    retryMaxDelay: Duration.seconds(120),
    retryBudget: Duration.hours(1),
    consumerTimeout: Duration.seconds(60),
    visibilityTimeout: Duration.minutes(10),
    retentionPeriod: Duration.days(2),
    maxMessageBytes: 1_048_576,
    batchSize: 100,
    maxBatchingWindow: Duration.seconds(5),
    maxConcurrency: 20,
    consumerMemorySize: 1024,
    producerMemorySize: 256,
    apiRateLimit: 50.5,
    apiBurstLimit: 75,
    apiDailyQuota: 10_000,
    idempotencyTtl: Duration.days(3),
    endToEndLatencySlo: Duration.millis(750),
    oldestMessageAgeThreshold: Duration.minutes(15),
    consumerErrorRateThreshold: 0.2,
    messageFailureRateThreshold: 0.25,
    alarmEmail: 'ops@example.com',
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    serviceName: 'orders',
    metricsNamespace: 'Acme/Conveyor',
    ...overrides,
  };
}

/** A number token that resolves only at deploy time (a CloudFormation parameter). */
export function numberToken(stack: Stack, id = 'Param'): number {
  return new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
}

/** Logical id of an L2 construct's CloudFormation resource (or of the L1 itself). */
export function logicalIdOf(s: SynthesizedConveyor, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return s.stack.getLogicalId(element);
}

/** A resource as it appears in the template. */
export interface TemplateResource {
  /** CloudFormation type. */
  readonly Type: string;
  /** Resource properties. */
  readonly Properties?: Record<string, unknown>;
  /** `Delete`, `Retain`, … when set. */
  readonly DeletionPolicy?: string;
  /** `Delete`, `Retain`, … when set. */
  readonly UpdateReplacePolicy?: string;
}

/** An L2 construct's CloudFormation resource in the synthesized template. */
export function resourceOf(s: SynthesizedConveyor, construct: IConstruct): TemplateResource {
  const resource = s.template.toJSON().Resources[logicalIdOf(s, construct)] as TemplateResource | undefined;
  if (resource === undefined) throw new Error(`no resource for ${construct.node.path}`);
  return resource;
}

/** `Properties` of an L2 construct's CloudFormation resource in the synthesized template. */
export function propertiesOf(s: SynthesizedConveyor, construct: IConstruct): Record<string, unknown> {
  return resourceOf(s, construct).Properties ?? {};
}

/** A part of the construct by name; `ledgerTable` is the example type's table (`tables.ledger`). */
export function partOf<K extends keyof ConveyorQueue | 'ledgerTable'>(
  conveyor: ConveyorQueue,
  which: K,
): K extends keyof ConveyorQueue ? ConveyorQueue[K] : NonNullable<ConveyorQueue['tables'][string]> {
  return (which === 'ledgerTable' ? conveyor.tables.ledger : conveyor[which as keyof ConveyorQueue]) as never;
}
