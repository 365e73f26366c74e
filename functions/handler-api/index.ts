/**
 * The handler API: what a project's message-type modules (`handlers/*.ts`, named in
 * `conveyor.config.ts`) import. A type module exports two things:
 *
 * ```ts
 * export const schema = v.strictObject({ … });       // its payload, in valibot (optional)
 * export const payload: PayloadParser<P>;   // checks a payload: parserOf(schema, type), or by hand with invalidPayload(…)
 * export const handler: HandlerFactory<P>;  // builds the type's handler from the tables it was given
 * ```
 *
 * The CDK app generates each function's entry from the config: the producer's imports every
 * type's `payload` (esbuild drops the handlers), a queue's consumer imports its types' modules.
 */
import type { MessageTable } from '../../contract/index.js';
import { ConveyorError } from '../shared/errors.js';
import type { PayloadParser } from '../shared/message-types/index.js';
import type { MessageHandler } from '../consumer/handlers/types.js';

export type { JsonObject } from '../shared/envelope.js';
export type { PayloadParser } from '../shared/message-types/index.js';
export type { MessageTable } from '../../contract/index.js';
export type {
  HandlerContext,
  InsertHandler,
  LockedHandler,
  LockedHandlerDefinition,
  MessageHandler,
  RetryOverride,
  TransactionalHandler,
} from '../consumer/handlers/types.js';
export { permanentError, retryAfter } from '../consumer/errors.js';
export { describeIssue, parserOf } from './schema.js';

/** What a type's handler is built from. */
export interface HandlerDeps {
  /** The tables its type declares in `conveyor.config.ts`, by name. */
  readonly tables: Readonly<Record<string, MessageTable>>;
  /**
   * The queue whose consumer this is. A type delivered to several queues (fan-out) gets one handler
   * per queue, each applied once: build the one this queue needs.
   */
  readonly queue: string;
}

/** Builds a type's handler, once per execution environment (cold start). */
export type HandlerFactory<P = never> = (deps: HandlerDeps) => MessageHandler<P>;

/** A message type's module, as the generated entries import it. */
export interface TypeModule<P = never> {
  readonly payload: PayloadParser<P>;
  readonly handler: HandlerFactory<P>;
}

/** A type module whatever its payload type, as a consumer takes them (checked against each other at cold start). */
export interface AnyTypeModule {
  readonly payload: PayloadParser<unknown>;
  readonly handler: (deps: HandlerDeps) => MessageHandler<never>;
}

/**
 * The error a payload parser throws: the API answers 400 `INVALID_PAYLOAD` with `payload.<message>`
 * (start the message with the field: `amount must be a positive integer`), and a consumer
 * dead-letters such a message at once.
 */
export const invalidPayload = (message: string): ConveyorError => new ConveyorError('INVALID_PAYLOAD', message);

/**
 * The table `name` from `deps`; throws `CONFIG_INVALID` at cold start when the type does not declare
 * it (`tables: ['<name>']` in `conveyor.config.ts`).
 */
export function tableOf(deps: HandlerDeps, name: string): MessageTable {
  const table = deps.tables[name];
  if (table === undefined) {
    const known = Object.keys(deps.tables);
    throw new ConveyorError(
      'CONFIG_INVALID',
      `this type's handler writes table ${name}, but its type does not declare it in conveyor.config.ts ` +
        `(tables: ['${name}']; it declares ${known.length === 0 ? 'none' : known.join(', ')})`,
    );
  }
  return table;
}
