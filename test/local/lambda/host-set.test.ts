import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionHost } from '../../../local/lambda/function-host.js';
import { HostSet } from '../../../local/lambda/host-set.js';
import type { FunctionSpec } from '../../../local/template/specs.js';
import { eventually, functionSpec, handlerAsset } from './fixtures.js';

/** Answers `{ code }`; an event `{ hold: true }` first waits until the file `<asset>/release` exists. */
const gated = (code: string) => `
import { existsSync } from 'node:fs';
import { join } from 'node:path';
export const handler = async (event) => {
  if (event.hold) while (!existsSync(join(import.meta.dirname, 'release'))) await new Promise((resolve) => setTimeout(resolve, 10));
  return { code: ${JSON.stringify(code)} };
};`;

/** A host set whose functions run at most one instance each, so that a second invocation waits for the first. */
const hostSet = () => new HostSet((spec: FunctionSpec) => new FunctionHost(spec, { region: 'us-east-1', maxInstances: 1 }));

describe('HostSet', () => {
  const v1 = handlerAsset(gated('v1'));
  const v2 = handlerAsset(gated('v2'));
  afterAll(() => {
    v1.cleanup();
    v2.cleanup();
  });

  it('sends new invocations to the new code at once, and lets the old host run what it had taken, a waiting one included', async () => {
    const hosts = hostSet();
    hosts.put(functionSpec(v1.assetDir, { timeoutSeconds: 20 }));
    const running = hosts.invokerFor('TestFunction1234')({ hold: true });
    const waiting = hosts.invokerFor('TestFunction1234')({});
    await eventually(() => hosts.statsOf('TestFunction1234')?.queued === 1);

    hosts.put(functionSpec(v2.assetDir, { timeoutSeconds: 20 }));
    const after = await hosts.invokerFor('TestFunction1234')({});
    writeFileSync(join(v1.assetDir, 'release'), '');

    expect(after).toMatchObject({ ok: true, payload: { code: 'v2' } });
    expect(await running).toMatchObject({ ok: true, payload: { code: 'v1' } });
    expect(await waiting).toMatchObject({ ok: true, payload: { code: 'v1' } });
    await hosts.stop(0);
  });

  it('adds the retired host\'s counters to the function\'s, and drops its instances once it has stopped', async () => {
    const hosts = hostSet();
    hosts.put(functionSpec(v2.assetDir));
    await hosts.invokerFor('TestFunction1234')({});
    await hosts.invokerFor('TestFunction1234')({});

    hosts.put(functionSpec(v2.assetDir));
    await hosts.invokerFor('TestFunction1234')({});

    await eventually(() => hosts.statsOf('TestFunction1234')?.instances === 1);
    expect(hosts.statsOf('TestFunction1234')).toMatchObject({ invocations: 3, coldStarts: 2, instances: 1, busy: 0 });
    await hosts.stop(0);
  });

  it('forgets a removed function: invoking it throws, and it has no stats', async () => {
    const hosts = hostSet();
    hosts.put(functionSpec(v2.assetDir));

    hosts.remove('TestFunction1234');

    expect(() => hosts.invokerFor('TestFunction1234')).toThrow(/no function TestFunction1234/);
    expect(hosts.statsOf('TestFunction1234')).toBeUndefined();
    await hosts.stop(0);
  });
});
