import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PRODUCER_ENVIRONMENT } from '../../../contract/index.js';
import { FunctionHost } from '../../../local/lambda/function-host.js';
import { conveyorFunction, type ConveyorFunctionSettings } from '../../support/conveyor-template.js';
import { apiEvent } from '../../support/factories.js';
import { functionSpec } from './fixtures.js';

const CDK_OUT = resolve(import.meta.dirname, '../../../cdk.out');

type TemplateResource = { Type: string; Metadata?: Record<string, string> };

/** The asset folder of the synthesized producer function, read from the template. */
function producerAssetDir(): string {
  const template = JSON.parse(readFileSync(join(CDK_OUT, 'Conveyor.template.json'), 'utf8')) as { Resources: Record<string, TemplateResource> };
  const producer = Object.values(template.Resources).find(
    (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['aws:cdk:path']?.includes('/Producer/'),
  );
  const assetPath = producer?.Metadata?.['aws:asset:path'];
  if (!assetPath) throw new Error('no Producer function with an asset in cdk.out/Conveyor.template.json; run npx cdk synth --quiet');
  return join(CDK_OUT, assetPath);
}

/**
 * The producer's settings and environment from the template the global setup synthesized; only the
 * queue URL is local (nothing listens there: a request that reaches SQS fails).
 */
function producerSettings(): ConveyorFunctionSettings {
  const provided = inject('conveyorResources');
  if ('error' in provided) throw new Error(`the Conveyor template could not be synthesized, so there is no producer to run: ${provided.error}`);
  const { standard } = provided;
  const routes = { 'ledger.credit': [{ queue: 'ledger', queueUrl: 'http://127.0.0.1:1/000000000000/q', fifo: false }] };
  return conveyorFunction(standard, standard.ids.producer, { [PRODUCER_ENVIRONMENT.routes.name]: JSON.stringify(routes) });
}

describe('FunctionHost with the synthesized producer bundle', () => {
  const lines: string[] = [];
  const host = new FunctionHost(
    functionSpec(producerAssetDir(), { name: 'Producer', functionName: 'Conveyor-Producer', ...producerSettings() }),
    { region: 'us-east-1', onLog: (line) => lines.push(line) },
  );
  afterAll(() => host.stop());

  it('answers POST /messages with a non-JSON body with a 4xx error body', async () => {
    const result = await host.invoke(apiEvent({ body: 'this is not json' }));

    expect(result.ok, JSON.stringify(result)).toBe(true);
    const response = (result.ok ? result.payload : {}) as { statusCode: number; body: string };
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    const body = JSON.parse(response.body) as { error: { code: unknown; message: unknown } };
    expect(body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  });
});
