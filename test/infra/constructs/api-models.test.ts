import Ajv from 'ajv-draft-04';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthConveyor, type SynthesizedConveyor } from '../factories.js';

describe.each([false, true])('the request model (fifo: %s)', (fifo) => {
  let synthesized: SynthesizedConveyor;
  const models = () => Object.entries(synthesized.template.findResources('AWS::ApiGateway::Model'));
  const methods = () => Object.values(synthesized.template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'POST' } }));

  beforeAll(() => {
    synthesized = synthConveyor({ fifo });
  });

  it('is one draft-04 model, for application/json', () => {
    expect(models()).toHaveLength(1);
    const [, model] = models()[0]!;
    expect(model.Properties.ContentType).toBe('application/json');
    expect(model.Properties.Schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  });

  it('is what both routes validate their body against', () => {
    const [logicalId] = models()[0]!;
    expect(methods()).toHaveLength(2);
    for (const method of methods()) {
      expect(method.Properties.RequestModels).toEqual({ 'application/json': { Ref: logicalId } });
      expect(method.Properties.RequestValidatorId).toBeDefined();
    }
  });

  it('accepts exactly the JSON objects, so its rejection has one cause', () => {
    const validate = new Ajv({ strict: false }).compile(models()[0]![1].Properties.Schema);
    const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        expect(validate(value)).toBe(isObject(value));
      }),
      { numRuns: 1000 },
    );
  });
});
