import { buildRestApis } from '../../local/template/api-model.js';
import type { Template } from '../../local/template/cloud-assembly.js';
import { PhysicalNames } from '../../local/template/physical-names.js';
import type { RestApiSpec } from '../../local/template/specs.js';
import { logicalIdOf, synthConveyor, type SynthesizedConveyor } from '../infra/factories.js';

/** The queues and tables of one synthesized `ConveyorQueue`, as the tests provision them, and its REST API. */
export interface ConveyorResourceSet {
  /** The template's `AWS::SQS::Queue` and `AWS::DynamoDB::Table` resources, by logical id. */
  readonly resources: Template['Resources'];
  /** Logical ids of the construct's queues and tables, and of its REST API's functions. */
  readonly ids: {
    readonly queue: string;
    readonly deadLetterQueue: string;
    readonly idempotencyTable: string;
    readonly ledgerTable: string;
    /** The function behind `POST /messages` and `POST /messages/batch`. */
    readonly producer: string;
    /** The function behind `GET /messages/{id}`. */
    readonly status: string;
  };
  /** Name of the synthesized stack. */
  readonly stackName: string;
  /** The template's REST API: its `AWS::ApiGateway::*` resources and the `AWS::Lambda::Function`s they integrate with, by logical id. */
  readonly apiResources: Template['Resources'];
}

/** The standard and the FIFO variant, or why they could not be synthesized. */
export type ConveyorResources = { readonly standard: ConveyorResourceSet; readonly fifo: ConveyorResourceSet } | { readonly error: string };

const PROVISIONED_TYPES = new Set(['AWS::SQS::Queue', 'AWS::DynamoDB::Table']);
const isApiResource = (type: string): boolean => type.startsWith('AWS::ApiGateway::') || type === 'AWS::Lambda::Function';

/**
 * Synthesizes `ConveyorQueue` with its default props, standard and FIFO, in this process and
 * without bundling (about a second for both), and keeps the queues, tables and REST API of each template.
 * The global setup runs it once per test run; a failure is kept as a message, so that only the
 * tests that need these resources fail with it.
 */
export function synthesizeConveyorResources(): ConveyorResources {
  try {
    return { standard: resourceSet(synthConveyor()), fifo: resourceSet(synthConveyor({ fifo: true })) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function resourceSet(synthesized: SynthesizedConveyor): ConveyorResourceSet {
  const resources = (synthesized.template.toJSON() as Template).Resources;
  const { conveyor } = synthesized;
  return {
    resources: Object.fromEntries(Object.entries(resources).filter(([, resource]) => PROVISIONED_TYPES.has(resource.Type))),
    ids: {
      queue: logicalIdOf(synthesized, conveyor.queue),
      deadLetterQueue: logicalIdOf(synthesized, conveyor.deadLetterQueue),
      idempotencyTable: logicalIdOf(synthesized, conveyor.idempotencyTable),
      ledgerTable: logicalIdOf(synthesized, conveyor.tables.ledger!),
      producer: logicalIdOf(synthesized, conveyor.producer),
      status: logicalIdOf(synthesized, conveyor.status),
    },
    stackName: synthesized.stack.stackName,
    apiResources: Object.fromEntries(Object.entries(resources).filter(([, resource]) => isApiResource(resource.Type))),
  };
}

/**
 * The synthesized REST API as the local runtime reads it (`buildRestApis`, as `buildStackSpec` does
 * for `cdk.out`): routes, models, gateway responses, API key and usage plan, with `apiKeyValue` as the
 * key's value (CloudFormation generates one on AWS, the local runtime picks one).
 */
export function conveyorRestApi(set: ConveyorResourceSet, apiKeyValue: string): RestApiSpec {
  const artifact = { stackName: set.stackName, assemblyDir: '', template: { Resources: set.apiResources } };
  // No queue is referred to by the API, so the SQS endpoint is never used.
  const apis = buildRestApis(set.apiResources, new PhysicalNames(artifact, { sqsEndpoint: '' }), () => apiKeyValue);
  const [api] = apis;
  if (api === undefined || apis.length !== 1) throw new Error(`the synthesized template holds ${apis.length} REST APIs, expected one`);
  return api;
}

/** What a synthesized function runs with, read from its template resource. */
export interface ConveyorFunctionSettings {
  /** `Handler`, e.g. `index.handler`. */
  readonly handler: string;
  /** `Runtime`, e.g. `nodejs24.x`. */
  readonly runtime: string;
  /** `Timeout`, seconds. */
  readonly timeoutSeconds: number;
  /** `MemorySize`, MB. */
  readonly memoryMb: number;
  /** `Environment.Variables`, with each variable the template sets from another resource replaced by its local value. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The handler, runtime, timeout, memory and environment of the synthesized function `logicalId`
 * (one of `set.ids`). Plain variables are kept as the template sets them; a variable the template
 * sets from another resource (a `Ref` to a queue, an `Fn::GetAtt`) takes its value from `local`.
 * Throws when such a variable has no local value, or when `local` names any other variable, so the
 * local values replace only references and cannot drift from the template.
 */
export function conveyorFunction(set: ConveyorResourceSet, logicalId: string, local: Readonly<Record<string, string>> = {}): ConveyorFunctionSettings {
  const resource = set.apiResources[logicalId];
  if (resource?.Type !== 'AWS::Lambda::Function') throw new Error(`the synthesized template has no function ${logicalId}`);
  const props = resource.Properties ?? {};
  const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const misplaced = Object.keys(local).filter((name) => typeof variables[name] === 'string' || !(name in variables));
  if (misplaced.length > 0) throw new Error(`function ${logicalId} sets no environment variable ${misplaced.join(', ')} from another resource; only those take a local value`);
  const environment = Object.fromEntries(Object.entries(variables).map(([name, value]) => {
    const resolved = typeof value === 'string' ? value : local[name];
    if (resolved === undefined) throw new Error(`environment variable ${name} of ${logicalId} refers to another resource (${JSON.stringify(value)}); give it a local value`);
    return [name, resolved];
  }));
  return {
    handler: String(props.Handler),
    runtime: String(props.Runtime),
    // CloudFormation's defaults when the template leaves them out.
    timeoutSeconds: Number(props.Timeout ?? 3),
    memoryMb: Number(props.MemorySize ?? 128),
    environment,
  };
}
