import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTypeModels } from '../../../infra/config/index.js';
import { REPO_ROOT } from '../../../infra/constructs/functions.js';
import { constructError } from '../construct-error.js';
import { configProject } from './config-project.js';

describe('loadTypeModels', () => {
  it('exports a module\'s valibot schema as a draft-04 model: no $schema, draft-04 keywords', async () => {
    const models = await loadTypeModels({ 'orders.place': join(REPO_ROOT, 'handlers/orders-place.ts') });

    expect(models['orders.place']).toMatchObject({ type: 'object', additionalProperties: false, required: ['customerId', 'lines', 'totalCents'] });
    expect(JSON.stringify(models)).not.toContain('$schema');
  });

  it('gives no model for a module without a schema (a hand-written parser)', async () => {
    const dir = configProject();
    writeFileSync(join(dir, 'plain.mjs'), 'export const payload = (input) => input;\n');

    expect(await loadTypeModels({ 'plain.type': join(dir, 'plain.mjs') })).toEqual({});
  });

  it('names the type whose module cannot be imported', async () => {
    const dir = configProject();
    writeFileSync(join(dir, 'broken.mjs'), 'export const schema = ;\n');

    await expect(loadTypeModels({ 'broken.type': join(dir, 'broken.mjs') })).rejects.toThrow(constructError('INVALID_CONFIG', 'types.broken.type.module'));
  });

  it('names the type whose schema cannot be exported', async () => {
    const dir = configProject();
    writeFileSync(join(dir, 'odd.mjs'), "import * as v from 'valibot';\nexport const schema = v.pipe(v.string(), v.transform((s) => s.length));\n");

    await expect(loadTypeModels({ 'odd.type': join(dir, 'odd.mjs') })).rejects.toThrow(/types\.odd\.type\.module: its schema cannot be exported as JSON Schema/);
  });
});
