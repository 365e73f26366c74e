import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from '../../../local/template/cloud-assembly.js';

/**
 * Writes `template` over the stack of the assembly in `dir` (made by `writeAssembly`, stack `Mini`
 * unless `stackName` says otherwise), and a handler into each asset folder it names that is missing
 * (`assets` gives sources by folder; the default handler answers `{}`): what a new `cdk synth` into
 * the same folder leaves, old asset folders included.
 */
export function rewriteAssembly(dir: string, template: Template, options: { stackName?: string; assets?: Record<string, string> } = {}): void {
  const named = Object.values(template.Resources)
    .map((resource) => resource.Metadata?.['aws:asset:path'])
    .filter((path): path is string => typeof path === 'string');
  for (const asset of new Set([...named, ...Object.keys(options.assets ?? {})])) {
    mkdirSync(join(dir, asset), { recursive: true });
    const source = options.assets?.[asset];
    if (source !== undefined) writeFileSync(join(dir, asset, 'index.mjs'), source);
    else if (!existsSync(join(dir, asset, 'index.mjs'))) writeFileSync(join(dir, asset, 'index.mjs'), 'export const handler = async () => ({});');
  }
  writeFileSync(join(dir, `${options.stackName ?? 'Mini'}.template.json`), JSON.stringify(template));
}
