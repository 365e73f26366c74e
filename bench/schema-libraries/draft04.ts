/**
 * Does an exported JSON Schema work as an API Gateway model (draft-04 only)? It is compiled with
 * `ajv-draft-04` in strict mode (meta-schema check on, unknown keywords refused), as emitted and
 * after {@link toDraft04}, and the schema that compiles is run over the corpus: it must accept
 * exactly the payloads the hand-written validator accepts.
 */
import Ajv from 'ajv-draft-04';
import { CORPUS } from './corpus.js';

/** The draft-04 meta-schema URI. */
export const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

type Schema = Record<string, unknown>;

/**
 * The mechanical conversion a draft-06+ schema needs for this payload: `$schema` set to draft-04,
 * and numeric `exclusiveMinimum`/`exclusiveMaximum` (draft-06+) turned into draft-04's boolean form
 * on `minimum`/`maximum`. Nothing else (no `const`, `$defs`, …): a schema using more fails to compile.
 * Returns the converted copy and what was changed.
 */
export function toDraft04(schema: Schema): { schema: Schema; changes: string[] } {
  const changes: string[] = [];
  const convert = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => convert(item, `${at}/${index}`));
    if (node === null || typeof node !== 'object') return node;
    const out: Schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, convert(value, `${at}/${key}`)]));
    for (const [exclusive, inclusive, stricter] of [['exclusiveMinimum', 'minimum', (a: number, b: number) => a >= b], ['exclusiveMaximum', 'maximum', (a: number, b: number) => a <= b]] as const) {
      const bound = out[exclusive];
      if (typeof bound !== 'number') continue;
      const other = out[inclusive];
      delete out[exclusive];
      if (typeof other !== 'number' || stricter(bound, other)) Object.assign(out, { [inclusive]: bound, [exclusive]: true });
      changes.push(`${at || '/'}: ${exclusive}: ${bound} → ${JSON.stringify({ [inclusive]: out[inclusive], ...(out[exclusive] === true ? { [exclusive]: true } : {}) })}`);
    }
    return out;
  };
  const converted = convert(schema, '') as Schema;
  if (converted.$schema !== DRAFT_04) {
    changes.push(`$schema: ${converted.$schema === undefined ? 'absent' : JSON.stringify(converted.$schema)} → draft-04`);
    converted.$schema = DRAFT_04;
  }
  return { schema: converted, changes };
}

/** `'compiles'`, or ajv-draft-04's error. */
export function compileDraft04(schema: Schema): { ok: true; validate: (data: unknown) => boolean } | { ok: false; error: string } {
  try {
    const validate = new Ajv({ strict: true, allErrors: false, logger: false }).compile(schema);
    return { ok: true, validate: (data) => validate(data) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Result of {@link checkDraft04}. */
export interface Draft04Check {
  /** ajv-draft-04 on the schema as emitted: `compiles`, or its error. */
  readonly asEmitted: string;
  /** What {@link toDraft04} changed (empty when nothing). */
  readonly changes: readonly string[];
  /** ajv-draft-04 on the converted schema. */
  readonly converted: string;
  /** Corpus payloads the compiling schema (as emitted, else converted) judges as the reference does; undefined when neither compiles. */
  readonly agreement?: { readonly same: number; readonly total: number; readonly differences: readonly string[] };
}

/** Checks `emitted` (see the file's comment); `isValid` is the reference's verdict. */
export function checkDraft04(emitted: Schema, isValid: (payload: unknown) => boolean): Draft04Check {
  const asEmitted = compileDraft04(emitted);
  const { schema, changes } = toDraft04(emitted);
  const converted = compileDraft04(schema);
  const usable = asEmitted.ok ? asEmitted : converted.ok ? converted : undefined;
  const describe = (result: ReturnType<typeof compileDraft04>) => (result.ok ? 'compiles' : result.error);
  if (usable === undefined) return { asEmitted: describe(asEmitted), changes, converted: describe(converted) };
  const differences = CORPUS.filter(({ payload }) => usable.validate(payload) !== isValid(payload)).map(({ name }) => name);
  return {
    asEmitted: describe(asEmitted),
    changes,
    converted: describe(converted),
    agreement: { same: CORPUS.length - differences.length, total: CORPUS.length, differences },
  };
}
