import { pathToFileURL } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import Ajv from 'ajv-draft-04';
import type { GenericSchema } from 'valibot';
import { describe, expect, it } from 'vitest';
import type { PayloadParser } from '../../functions/handler-api/index.js';
import { loadConveyorConfig } from '../../infra/config/index.js';
import { REPO_ROOT } from '../../infra/constructs/functions.js';
import { resolveTopology } from '../../infra/constructs/topology.js';

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

/** Every type of the shipped conveyor.config.ts with its module (read from the config, not listed here). */
const props = await loadConveyorConfig(REPO_ROOT);
const topology = resolveTopology(props, REPO_ROOT);
const modules = await Promise.all(Object.entries(topology.modules).map(async ([type, file]) => ({
  type,
  module: (await import(pathToFileURL(file).href)) as { schema?: GenericSchema; payload: PayloadParser<unknown> },
})));
const withSchemas = modules.filter(({ module }) => module.schema !== undefined);

/**
 * A type's schema as an API Gateway model: valibot's `openapi-3.0` target writes draft-04's numeric
 * keywords (boolean `exclusiveMinimum`); `$schema` is set to draft-04, the only draft API Gateway takes.
 */
function gatewayModel(schema: GenericSchema): Record<string, unknown> {
  return { ...toJsonSchema(schema, { target: 'openapi-3.0' }), $schema: DRAFT_04 };
}

describe('the types\' payload schemas as API Gateway models (JSON Schema draft-04)', () => {
  it('finds a schema in the shipped types\' modules', () => {
    expect(withSchemas.length).toBeGreaterThan(0);
  });

  it.each(withSchemas.map(({ type, module }) => [type, module] as const))('%s: exports a model ajv-draft-04 compiles in strict mode', (_type, module) => {
    const model = gatewayModel(module.schema as GenericSchema);

    expect(() => new Ajv({ strict: true, logger: false }).compile(model)).not.toThrow();
    expect(model).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it.each(withSchemas.map(({ type, module }) => [type, module] as const))('%s: the model refuses what the parser refuses for no fields, and for an unknown one', (_type, module) => {
    const validate = new Ajv({ strict: true, logger: false }).compile(gatewayModel(module.schema as GenericSchema));

    for (const payload of [{}, { notAField: 1 }]) {
      expect(() => module.payload(payload)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
      expect(validate(payload)).toBe(false);
    }
  });
});
