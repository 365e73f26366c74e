import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionHost } from '../../local/lambda/function-host.js';
import { functionSpec, handlerAsset } from './lambda/fixtures.js';

const CDK_OUT = resolve(import.meta.dirname, '../../cdk.out');

/** The `Runtime` of every function in the synthesized template (what Lambda would run). */
function templateRuntimes(): string[] {
  const template = JSON.parse(readFileSync(join(CDK_OUT, 'Conveyor.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: { Runtime?: string } }> };
  return Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function').map((resource) => resource.Properties?.Runtime ?? '');
}

describe('the Node that runs the functions locally', () => {
  const asset = handlerAsset('export const handler = async () => process.versions.node;');
  afterAll(() => asset.cleanup());

  it.each(templateRuntimes())('has the major of the template\'s runtime %s', async (runtime) => {
    const host = new FunctionHost(functionSpec(asset.assetDir, { runtime }), { region: 'us-east-1', onLog: () => undefined });
    try {
      const result = await host.invoke({});

      expect(result.ok, JSON.stringify(result)).toBe(true);
      const version = String(result.ok ? result.payload : '');
      // nodejs24.x → 24. Moving the template to another major fails here until the pinned Node follows.
      expect(`nodejs${version.split('.')[0]}.x`).toBe(runtime);
    } finally {
      await host.stop();
    }
  });
});
