import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRuntime, runCli, startCliRuntime, waitFor } from './support.js';

// `conveyor status`, `conveyor ledger` and `conveyor env` against an embedded runtime of their own.
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-status');
});
afterAll(async () => {
  await runtime?.stop();
});

describe('conveyor status and ledger', { timeout: 90_000 }, () => {
  it('follows a sent message to completed, and shows its effect on the ledger', async () => {
    const account = `cli-${randomUUID()}`;
    const key = `order-${randomUUID()}`;
    const before = await runCli(runtime.stateDir, ['status', key]);
    await runCli(runtime.stateDir, ['send', 'ledger.credit', JSON.stringify({ account, amount: 250 }), '--idempotency-key', key]);

    let line = '';
    await waitFor(async () => {
      line = (await runCli(runtime.stateDir, ['status', key])).stdout;
      return line.includes(' completed ');
    }, `${key} to be completed`);
    const json = await runCli(runtime.stateDir, ['status', key, '--json']);
    const ledger = await runCli(runtime.stateDir, ['ledger', account, '--json']);
    const text = await runCli(runtime.stateDir, ['ledger', account]);

    expect(before).toMatchObject({ code: 0, stdout: `${key}  unknown  not processed yet, never sent with this API key, or older than the idempotency TTL\n` });
    expect(line).toMatch(new RegExp(`^${key}  completed  applied at \\d{4}-\\d\\d-\\d\\dT`));
    expect(JSON.parse(json.stdout)).toEqual({ id: key, status: 'completed', outcome: 'applied', completedAt: expect.any(String) });
    expect(JSON.parse(ledger.stdout)).toEqual({ account, balance: 250, credits: 1, updatedAt: expect.any(String) });
    expect(text.stdout).toMatch(new RegExp(`^${account}  balance 250 cents  credits 1  last `));
  });

  it('shows an account never credited as 0, not as an error', async () => {
    const result = await runCli(runtime.stateDir, ['ledger', `cli-${randomUUID()}`, '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ balance: 0, credits: 0 });
  });

  it('exits 1 with the API\'s code and message for an id that is no idempotency key', async () => {
    const result = await runCli(runtime.stateDir, ['status', 'not a key']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/400 INVALID_IDEMPOTENCY_KEY: the id in \/messages\/\{id\} must be/);
  });

  it('prints export lines that point curl at the runtime with its key', async () => {
    const result = await runCli(runtime.stateDir, ['env']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`export API_URL='${runtime.target.apiUrl.replace(/\/$/, '')}'\nexport API_KEY='${runtime.target.apiKey}'\n`);
  });
});

