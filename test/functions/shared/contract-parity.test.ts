import Ajv from 'ajv-draft-04';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBatchBody, validateSingleBody } from '../../../functions/producer/validate.js';
import { synthConveyor } from '../../infra/factories.js';

/**
 * API Gateway validates bodies against the request models in the template; the producer validates
 * them again with its own code. The two must agree, or a body would pass one and fail the other.
 * This feeds both the same generated bodies — mostly near-valid, so each rule is exercised at its
 * edges — using Ajv on the models exactly as synthesized.
 */

type Models = { single: (body: unknown) => boolean; batch: (body: unknown) => boolean };

function modelsOf(fifo: boolean): Models {
  const { template } = synthConveyor({ fifo });
  const schemas = Object.values(template.findResources('AWS::ApiGateway::Model')).map((model) => model.Properties.Schema);
  const compile = (schema: unknown) => {
    const validate = new Ajv({ strict: false }).compile(schema as object);
    return (body: unknown) => validate(body) as boolean;
  };
  const single = schemas.find((schema) => schema.properties?.type);
  const batch = schemas.find((schema) => schema.properties?.messages);
  return { single: compile(single), batch: compile(batch) };
}

const accepts = (validate: () => unknown): boolean => {
  try {
    validate();
    return true;
  } catch {
    return false;
  }
};

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

describe.each([false, true])('request models and the producer agree (fifo: %s)', (fifo) => {
  const models = modelsOf(fifo);

  it('on single-message bodies', () => {
    fc.assert(
      fc.property(singleBody(fifo), (body) => {
        expect(accepts(() => validateSingleBody(body, { fifo }))).toBe(models.single(body));
      }),
      { numRuns: 3000 },
    );
  });

  it('on batch bodies', () => {
    fc.assert(
      fc.property(batchBody(fifo), (body) => {
        expect(accepts(() => validateBatchBody(body, { fifo }))).toBe(models.batch(body));
      }),
      { numRuns: 3000 },
    );
  });

  it('with both verdicts well represented (the generators are not one-sided)', () => {
    const single = fc.sample(singleBody(fifo), { numRuns: 2000, seed: 7 }).map((body) => models.single(body));
    const batch = fc.sample(batchBody(fifo), { numRuns: 2000, seed: 7 }).map((body) => models.batch(body));
    for (const verdicts of [single, batch]) {
      expect(verdicts.filter(Boolean).length).toBeGreaterThan(200);
      expect(verdicts.filter((verdict) => !verdict).length).toBeGreaterThan(200);
    }
  });
});
