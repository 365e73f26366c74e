import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRuntime, runCli, startCliRuntime } from './support.js';

// A runtime whose usage plan has a daily quota (-c apiDailyQuota=3): QUOTA_EXCEEDED is real.
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-quota', ['apiDailyQuota=3']);
});
afterAll(async () => {
  await runtime?.stop();
});

describe('the usage plan\'s daily quota', { timeout: 60_000 }, () => {
  it('accepts 3 requests, then conveyor send exits 1 with 429 QUOTA_EXCEEDED', async () => {
    const send = () => runCli(runtime.stateDir, ['send', 'ledger.credit', JSON.stringify({ account: 'quota', amount: 1 })]);

    const accepted = [await send(), await send(), await send()];
    const refused = await send();

    expect(accepted.map((result) => result.code)).toEqual([0, 0, 0]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe('QUOTA_EXCEEDED');
    expect(refused.stderr).toMatch(/^error: 429 QUOTA_EXCEEDED: /m);
  });
});
