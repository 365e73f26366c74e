import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { PayloadParser } from '../../functions/handler-api/index.js';
import { loadConveyorConfig } from '../../infra/config/index.js';
import { REPO_ROOT } from '../../infra/constructs/functions.js';
import { resolveTopology } from '../../infra/constructs/topology.js';
import { typeRouteBodySchema } from '../../infra/constructs/type-routes.js';

/** Every type of the shipped conveyor.config.ts with its module and its model (read from the config, not listed here). */
const props = await loadConveyorConfig(REPO_ROOT);
const topology = resolveTopology(props, REPO_ROOT);
const types = await Promise.all(Object.entries(topology.modules).map(async ([type, file]) => ({
  type,
  parse: ((await import(file)) as { payload: PayloadParser<unknown> }).payload,
  model: props.typeModels?.[type],
})));
const modelled = types.filter((entry) => entry.model !== undefined);

/** A route body model as API Gateway receives it: CDK's `schema` key is `$schema` there. */
const asDeployed = (type: string, model: Readonly<Record<string, unknown>>, fifo: boolean): Record<string, unknown> => {
  const { schema, ...rest } = typeRouteBodySchema({ type, payloadModel: model, fifo }) as Record<string, unknown>;
  return { $schema: schema, ...rest };
};

describe('the types\' payload schemas as API Gateway models (JSON Schema draft-04)', () => {
  it('finds a model for the shipped types (their modules export valibot schemas)', () => {
    expect(modelled.length).toBeGreaterThan(0);
  });

  it.each(modelled.map((entry) => [entry.type, entry] as const))('%s: its route\'s body model compiles with ajv-draft-04 in strict mode', (type, entry) => {
    for (const fifo of [false, true]) {
      expect(() => new Ajv({ strict: true, logger: false }).compile(asDeployed(type, entry.model!, fifo))).not.toThrow();
    }
  });

  it.each(modelled.map((entry) => [entry.type, entry] as const))('%s: the model refuses what the parser refuses for no fields, and for an unknown one', (_type, entry) => {
    const validate = new Ajv({ strict: true, logger: false }).compile({ $schema: 'http://json-schema.org/draft-04/schema#', ...entry.model });

    for (const payload of [{}, { notAField: 1 }]) {
      expect(() => entry.parse(payload)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
      expect(validate(payload)).toBe(false);
    }
  });
});
