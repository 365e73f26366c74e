/** The `locked` kind's templates: any effect, run under the idempotency key's lease (see `LockedHandlerDefinition`). */
import { type KindTemplate, payloadSection, payloadTests, validPayloadHelper } from './template.js';

/** The module and test of a locked type. */
export const lockedTemplate: KindTemplate = {
  module(input) {
    const { names, queue } = input;
    return `// \`${names.type}\`: <say what a message of this type does>. A locked type: its effect (an HTTP call, a
// write to another system) runs while the consumer holds the message's idempotency key, at least
// once — a crash between the effect and the key's completion repeats it once the lease expires, so
// pass the idempotency key downstream where the other side takes one. Declared in
// conveyor.config.ts (queue \`${queue.name}\`).
// Scaffolded by \`${input.command}\`.
import * as v from 'valibot';
import {
  type HandlerFactory,
  type LockedHandlerDefinition,
  parserOf,
} from '../functions/handler-api/index.js';

${payloadSection(input)}

/**
 * The effect of one message. Throw \`permanentError(code, message)\` for input it can never process
 * (dead-lettered at once), \`retryAfter(seconds, message)\` when the other side says when to come
 * back, anything else to retry with backoff.
 */
export function ${names.handlerFunction}(): LockedHandlerDefinition<${names.payloadInterface}> {
  return {
    kind: 'locked',
    run: async ({ itemId, quantity }, { envelope, logger }) => {
      // The effect goes here; envelope.id is the idempotency key to pass downstream.
      logger.info('${names.type} applied', { idempotencyKey: envelope.id, itemId, quantity });
    },
  };
}

/** The handler (it writes no table). */
export const handler: HandlerFactory<${names.payloadInterface}> = () => ${names.handlerFunction}();
`;
  },

  test(input) {
    const { names } = input;
    return `import { describe, expect, it } from 'vitest';
import { handler, payload } from '../../handlers/${names.file}.js';

${validPayloadHelper}

${payloadTests(input, `  it('builds a locked handler, which needs no table', () => {
    const deps = { tables: {}, queue: '${input.queue.name}' };
    expect(handler(deps)).toMatchObject({ kind: 'locked' });
  });`)}
`;
  },
};
