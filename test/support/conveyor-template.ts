import type { Template } from '../../local/template/cloud-assembly.js';
import { logicalIdOf, synthConveyor, type SynthesizedConveyor } from '../infra/factories.js';

/** The queues and tables of one synthesized `ConveyorQueue`, as the tests provision them. */
export interface ConveyorResourceSet {
  /** The template's `AWS::SQS::Queue` and `AWS::DynamoDB::Table` resources, by logical id. */
  readonly resources: Template['Resources'];
  /** Logical ids of the construct's queues and tables. */
  readonly ids: {
    readonly queue: string;
    readonly deadLetterQueue: string;
    readonly idempotencyTable: string;
    readonly ledgerTable: string;
  };
}

/** The standard and the FIFO variant, or why they could not be synthesized. */
export type ConveyorResources = { readonly standard: ConveyorResourceSet; readonly fifo: ConveyorResourceSet } | { readonly error: string };

const PROVISIONED_TYPES = new Set(['AWS::SQS::Queue', 'AWS::DynamoDB::Table']);

/**
 * Synthesizes `ConveyorQueue` with its default props, standard and FIFO, in this process and
 * without bundling (about a second for both), and keeps the queues and tables of each template.
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
      ledgerTable: logicalIdOf(synthesized, conveyor.ledgerTable),
    },
  };
}
