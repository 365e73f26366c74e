import Ajv from 'ajv-draft-04';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HttpError, isHttpError } from '../../../functions/shared/http.js';
import { validateBatchBody, validateSingleBody } from '../../../functions/producer/validate.js';
import { synthConveyor } from '../../infra/factories.js';

/**
 * API Gateway checks a body against the request model in the template, the producer with its own
 * code. The model only asks for a JSON object (its rejection can then say exactly why); every other
 * rule is the producer's, and its 400 must name the field and the rule. This feeds both the same
 * generated bodies — mostly near-valid, so each rule is exercised at its edges — using Ajv on the
 * model exactly as synthesized.
 */

function modelOf(fifo: boolean): (body: unknown) => boolean {
  const { template } = synthConveyor({ fifo });
  const schemas = Object.values(template.findResources('AWS::ApiGateway::Model')).map((model) => model.Properties.Schema);
  expect(schemas).toHaveLength(1);
  const validate = new Ajv({ strict: false }).compile(schemas[0] as object);
  return (body: unknown) => validate(body) as boolean;
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `undefined` when the producer accepts `body`, else its error. */
const rejection = (validate: () => unknown): HttpError | undefined => {
  try {
    validate();
    return undefined;
  } catch (error) {
    if (isHttpError(error)) return error;
    throw error;
  }
};

/** A 400 whose message starts with the field it is about (`body.groupId …`, `messages[3].type …`) and says the rule. */
const NAMES_FIELD_AND_RULE = /^(body|messages\[\d+\])(\.[A-Za-z]+)? (is|must|are|has) /;

const validType = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/);
const validGroup = fc.stringMatching(/^[!-~]{1,128}$/);
const validKey = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const absent = fc.constant(undefined);
/** A field that is usually valid, sometimes absent, sometimes wrong. */
const field = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>, weights: { valid: number; absent: number; invalid: number }) =>
  fc.oneof({ weight: weights.valid, arbitrary: valid }, { weight: weights.absent, arbitrary: absent }, { weight: weights.invalid, arbitrary: invalid });
const required = { valid: 40, absent: 1, invalid: 2 };
const optional = { valid: 20, absent: 20, invalid: 2 };
const unwanted = { valid: 1, absent: 40, invalid: 1 };

function messageArbitrary(fifo: boolean, batchItem: boolean) {
  return fc
    .record({
      type: field(fc.oneof(validType, fc.constant(`a${'b'.repeat(63)}`)), fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom(`a${'b'.repeat(64)}`, '1a', ''), anyJson), required),
      payload: field(fc.dictionary(fc.string({ maxLength: 5 }), anyJson, { maxKeys: 4 }), anyJson, required),
      groupId: field(fc.oneof(validGroup, fc.constant('g'.repeat(128))), fc.oneof(fc.string({ maxLength: 130 }), fc.constantFrom('g'.repeat(129), '', 'a b', 'é'), fc.integer()), fifo ? required : optional),
      delaySeconds: field(fc.integer({ min: 0, max: 900 }), fc.oneof(fc.constantFrom(-1, 901, 0.5, 899.5, '5'), fc.integer({ min: -2, max: 902 }), fc.double()), fifo ? unwanted : optional),
      idempotencyKey: batchItem ? field(fc.oneof(validKey, fc.constant('k'.repeat(128))), fc.oneof(fc.string({ maxLength: 130 }), fc.constantFrom('k'.repeat(129), '', 'a/b'), fc.integer()), optional) : absent,
      extra: fc.oneof({ weight: 40, arbitrary: absent }, { weight: 1, arbitrary: fc.constantFrom('priority', 'idempotencyKey', 'messages') }),
    })
    .map(({ extra, ...fields }) => {
      const body: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      if (extra !== undefined) body[extra] = 'x';
      return body as unknown;
    });
}

const singleBody = (fifo: boolean) => fc.oneof({ weight: 19, arbitrary: messageArbitrary(fifo, false) }, anyJson);
const batchBody = (fifo: boolean) =>
  fc.oneof(
    { weight: 17, arbitrary: fc.record({ messages: fc.array(messageArbitrary(fifo, true), { minLength: 0, maxLength: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ messages: fc.array(fc.constant({ type: 't', payload: {}, groupId: 'g' }), { minLength: 99, maxLength: 102 }) }) },
    { weight: 1, arbitrary: fc.record({ messages: anyJson, other: anyJson }) },
    { weight: 1, arbitrary: anyJson },
  );

describe.each([false, true])('the request model and the producer divide the work (fifo: %s)', (fifo) => {
  const model = modelOf(fifo);

  it('the model accepts exactly the JSON objects', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, singleBody(fifo), batchBody(fifo)), (body) => {
        expect(model(body)).toBe(isObject(body));
      }),
      { numRuns: 3000 },
    );
  });

  it('the producer refuses every single-message body it refuses with a 400 naming the field and the rule', () => {
    fc.assert(
      fc.property(singleBody(fifo), (body) => {
        const error = rejection(() => validateSingleBody(body, { fifoOf: () => fifo }));
        if (!isObject(body)) expect(error).toBeDefined();
        if (error) {
          expect(error.status).toBe(400);
          expect(error.message).toMatch(NAMES_FIELD_AND_RULE);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the producer refuses every batch body it refuses with a 400 naming the field and the rule', () => {
    fc.assert(
      fc.property(batchBody(fifo), (body) => {
        const error = rejection(() => validateBatchBody(body, { fifoOf: () => fifo }));
        if (!isObject(body)) expect(error).toBeDefined();
        if (error) {
          expect(error.status).toBe(400);
          expect(error.message).toMatch(NAMES_FIELD_AND_RULE);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('with both verdicts well represented (the generators are not one-sided)', () => {
    const verdicts = (bodies: unknown[], validate: (body: unknown) => unknown) => bodies.map((body) => rejection(() => validate(body)) === undefined);
    const single = verdicts(fc.sample(singleBody(fifo), { numRuns: 2000, seed: 7 }), (body) => validateSingleBody(body, { fifoOf: () => fifo }));
    const batch = verdicts(fc.sample(batchBody(fifo), { numRuns: 2000, seed: 7 }), (body) => validateBatchBody(body, { fifoOf: () => fifo }));
    for (const accepted of [single, batch]) {
      expect(accepted.filter(Boolean).length).toBeGreaterThan(200);
      expect(accepted.filter((verdict) => !verdict).length).toBeGreaterThan(200);
    }
  });
});
