import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/functions.js';
import { PROP_SPECS } from '../../infra/constructs/prop-specs.js';
import { configProject, configSource } from './config/config-project.js';
import { CDK_JSON_CONTEXT } from './factories.js';

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/**
 * Runs `cdk synth` (the real CLI) in `projectDir` with `-c` pairs, the app being this repository's
 * `infra/app.ts`, and returns the synthesized resources.
 */
async function cliSynth(projectDir: string, cdkJsonContext: Record<string, unknown>, cliContext: readonly string[]): Promise<Resource[]> {
  const app = [process.execPath, '--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'infra', 'app.ts')].map((part) => JSON.stringify(part)).join(' ');
  writeFileSync(join(projectDir, 'cdk.json'), JSON.stringify({ app, context: { ...CDK_JSON_CONTEXT, ...cdkJsonContext } }));
  const output = join(projectDir, 'cdk.out');
  const cli = join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const args = [cli, 'synth', '--quiet', '--output', output, ...cliContext.flatMap((pair) => ['--context', pair])];
  await promisify(execFile)(process.execPath, args, { cwd: projectDir });
  const template = JSON.parse(readFileSync(join(output, 'Conveyor.template.json'), 'utf8')) as { Resources: Record<string, Resource> };
  return Object.values(template.Resources);
}

const at = (resources: readonly Resource[], path: string): Resource => {
  const found = resources.find((r) => r.Metadata?.['aws:cdk:path'] === path);
  if (found === undefined) throw new Error(`no resource at ${path}`);
  return found;
};

describe('infra/app.ts under the CDK CLI', () => {
  it('takes each setting from -c, else cdk.json, else conveyor.config.ts, else its default', async () => {
    const { batchSize, consumerMemorySize, producerMemorySize } = PROP_SPECS;
    const batch = { file: batchSize.default - 3, cdkJson: batchSize.default - 2, cli: batchSize.default - 1 };
    const concurrency = { file: 3, cdkJson: 30 }; // maxConcurrency has no default: unset, no limit
    const memory = consumerMemorySize.default * 2;
    const dir = configProject(configSource({ queues: { ledger: { batchSize: batch.file, maxConcurrency: concurrency.file, consumerMemorySize: memory } } }));

    const resources = await cliSynth(dir, { batchSize: batch.cdkJson, maxConcurrency: concurrency.cdkJson }, [`batchSize=${batch.cli}`]);

    const mapping = resources.find((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties.BatchSize).toBe(batch.cli);
    expect(mapping?.Properties.ScalingConfig).toEqual({ MaximumConcurrency: concurrency.cdkJson });
    expect(at(resources, 'Conveyor/Conveyor/Consumer/Resource').Properties.MemorySize).toBe(memory);
    expect(at(resources, 'Conveyor/Conveyor/Producer/Resource').Properties.MemorySize).toBe(producerMemorySize.default);
  }, 120_000);
});
