import { pathToFileURL } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import { ConveyorConstructError } from '../constructs/errors.js';
import { CONVEYOR_CONFIG_FILE } from '../../contract/index.js';

/** A JSON Schema object (draft-04 keywords). */
export type JsonSchemaObject = Readonly<Record<string, unknown>>;

/**
 * Each type's payload as an API Gateway model: the module's `schema` export (a valibot schema)
 * exported with `target: 'openapi-3.0'`, whose keywords are draft-04's, the only draft API Gateway
 * takes. A module without `schema` (a hand-written parser) has no model, so its type gets no route
 * of its own. The modules are imported here, at synth, only to read their schemas: infra never
 * imports them statically (docs/house-rules.md).
 * @param modules type → its module's absolute path
 * @throws ConveyorConstructError `INVALID_CONFIG` naming the type when its module cannot be imported or its schema exported
 */
export async function loadTypeModels(modules: Readonly<Record<string, string>>): Promise<Record<string, JsonSchemaObject>> {
  const models: Record<string, JsonSchemaObject> = {};
  for (const [type, file] of Object.entries(modules)) {
    const fail = (problem: string, cause: unknown): never => {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ConveyorConstructError('INVALID_CONFIG', `types.${type}.module`, `${CONVEYOR_CONFIG_FILE}: types.${type}.module: ${problem} (${reason})`, { cause });
    };
    let schema: unknown;
    try {
      schema = ((await import(pathToFileURL(file).href)) as { schema?: unknown }).schema;
    } catch (error) {
      fail(`${file} cannot be imported`, error);
    }
    if (schema === undefined) continue;
    try {
      models[type] = toJsonSchema(schema as GenericSchema, { target: 'openapi-3.0' }) as JsonSchemaObject;
    } catch (error) {
      fail('its schema cannot be exported as JSON Schema for the API Gateway model', error);
    }
  }
  return models;
}
