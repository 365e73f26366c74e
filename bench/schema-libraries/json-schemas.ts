/**
 * How each candidate exports its `ledger.credit` schema as JSON Schema, asked for the closest it
 * offers to draft-04 (what API Gateway models take). Runs at synth time in a real project, so none
 * of this is in the bundles measured. A call that throws is recorded as such.
 *
 * The entries spell `amount > 0` as each library does; the rows marked "≥ 1" spell it `amount ≥ 1`
 * instead (the same rule for integers), to show which conversion that spelling avoids.
 */
import { Type } from '@sinclair/typebox';
import { toJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import * as z from 'zod';
import * as zodMini from 'zod/mini';
import { schema as arktypeSchema } from './entries/arktype.js';
import { schema as typeboxSchema } from './entries/typebox-schema.js';
import { schema as valibotSchema } from './entries/valibot.js';
import { schema as zodMiniSchema } from './entries/zod-mini.js';
import { schema as zodSchema } from './entries/zod.js';

const valibotAtLeastOne = v.strictObject({ ...valibotSchema.entries, amount: v.pipe(v.number(), v.safeInteger(), v.minValue(1)) });
const typeboxAtLeastOne = Type.Object({ ...typeboxSchema.properties, amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false });
const arktypeAtLeastOne = type({ '+': 'reject', account: arktypeSchema.get('account'), amount: 'number.integer >= 1 & number.safe' });

/** One way of getting JSON Schema out of a candidate. */
export interface JsonSchemaExport {
  /** Library (the TypeBox row stands for both TypeBox entries, which share the schema). */
  readonly library: string;
  /** The call, as written in the report. */
  readonly call: string;
  /** Makes the schema; may throw. */
  readonly produce: () => Record<string, unknown>;
}

/** Every export tried, in report order. */
export const JSON_SCHEMA_EXPORTS: readonly JsonSchemaExport[] = [
  { library: 'zod', call: "z.toJSONSchema(schema, { target: 'draft-04' })", produce: () => z.toJSONSchema(zodSchema, { target: 'draft-04' }) },
  { library: 'zod-mini', call: "z.toJSONSchema(schema, { target: 'draft-04' })", produce: () => zodMini.toJSONSchema(zodMiniSchema, { target: 'draft-04' }) },
  // valibot's targets are draft-07, draft-2020-12 and openapi-3.0 (whose numbers are draft-04's).
  { library: 'valibot', call: "toJsonSchema(schema, { target: 'openapi-3.0' })", produce: () => ({ ...toJsonSchema(valibotSchema, { target: 'openapi-3.0' }) }) },
  { library: 'valibot', call: 'toJsonSchema(schema) (draft-07, the default)', produce: () => ({ ...toJsonSchema(valibotSchema) }) },
  // A TypeBox schema is JSON Schema; its Kind marker is a symbol key, which JSON drops.
  { library: 'typebox', call: 'JSON.stringify(schema)', produce: () => JSON.parse(JSON.stringify(typeboxSchema)) as Record<string, unknown> },
  { library: 'valibot, ≥ 1', call: "toJsonSchema(schema, { target: 'openapi-3.0' })", produce: () => ({ ...toJsonSchema(valibotAtLeastOne, { target: 'openapi-3.0' }) }) },
  { library: 'typebox, ≥ 1', call: 'JSON.stringify(schema)', produce: () => JSON.parse(JSON.stringify(typeboxAtLeastOne)) as Record<string, unknown> },
  // ArkType's targets are draft-2020-12 (the default) and draft-07.
  { library: 'arktype', call: "schema.toJsonSchema({ target: 'draft-07' })", produce: () => arktypeSchema.toJsonSchema({ target: 'draft-07' }) as Record<string, unknown> },
  { library: 'arktype, ≥ 1', call: "schema.toJsonSchema({ target: 'draft-07' })", produce: () => arktypeAtLeastOne.toJsonSchema({ target: 'draft-07' }) as Record<string, unknown> },
];
