import { randomUUID } from 'node:crypto';
import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRuntime, creditEnvelope, ledger, putDeadLetter, runCli, spawnCli, startCliRuntime, waitFor } from './support.js';

// `conveyor dlq` against an embedded runtime of its own (the emulator path: ops/dlq.ts's mover).
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-dlq');
});
afterAll(async () => {
  await runtime?.stop();
});

interface Listed { messageId: string; body: string; receiveCount: number; lastError?: { code: string } }

const list = async (): Promise<Listed[]> => {
  const result = await runCli(runtime.stateDir, ['dlq', 'list', '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Listed[];
};

describe('conveyor dlq', { timeout: 90_000 }, () => {
  it('lists and peeks at a malformed and a valid message, then redrives both: the valid one is applied, the malformed one comes back with its reason', async () => {
    const token = randomUUID();
    const account = `dlq-${token}`;
    const validBody = creditEnvelope(`key-${token}`, account, 42);
    const malformedId = await putDeadLetter(runtime, `not json ${token}`);
    const validId = await putDeadLetter(runtime, validBody);

    const listed = await list();
    const table = await runCli(runtime.stateDir, ['dlq', 'list']);
    const peeked = await runCli(runtime.stateDir, ['dlq', 'peek', validId, '--json']);
    const peekedText = await runCli(runtime.stateDir, ['dlq', 'peek', malformedId]);
    const missing = await runCli(runtime.stateDir, ['dlq', 'peek', randomUUID()]);

    expect(listed.map((message) => message.messageId).sort()).toEqual([malformedId, validId].sort());
    expect(table.stdout).toContain(malformedId);
    expect(table.stdout).toContain('2 message(s)');
    expect(peeked.code).toBe(0);
    expect(JSON.parse(peeked.stdout)).toMatchObject({ messageId: validId, body: validBody, receiveCount: expect.any(Number), sentAt: expect.any(Number) });
    expect(peekedText.stdout).toContain(`not json ${token}`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no message .* in the dead-letter queue/);

    const redrive = await runCli(runtime.stateDir, ['dlq', 'redrive', '--rate', '10']);

    expect(redrive.code, redrive.stderr).toBe(0);
    expect(redrive.stdout).toMatch(new RegExp(`^moved ${malformedId} → \\S+$`, 'm'));
    expect(redrive.stdout).toMatch(new RegExp(`^moved ${validId} → \\S+$`, 'm'));
    expect(redrive.stdout).toContain('moved 2, failed 0');
    await waitFor(async () => (await ledger(runtime, account)).credits === 1, `the redriven credit on ${account}`);
    expect(await ledger(runtime, account)).toEqual({ balance: 42, credits: 1 });
    let back: Listed | undefined;
    await waitFor(async () => {
      back = (await list()).find((message) => message.body === `not json ${token}`);
      return back !== undefined;
    }, 'the malformed message back in the DLQ');
    expect(back?.messageId).not.toBe(malformedId);
    expect(back?.lastError?.code).toMatch(/^[A-Z_]+$/);
  });

  it('redrives one message by id, and only that one', async () => {
    await runtime.sqs.send(new PurgeQueueCommand({ QueueUrl: runtime.target.deadLetterQueueUrl }));
    const token = randomUUID();
    const first = await putDeadLetter(runtime, creditEnvelope(`one-${token}`, `one-${token}`, 1));
    const second = await putDeadLetter(runtime, creditEnvelope(`two-${token}`, `two-${token}`, 2));

    const result = await runCli(runtime.stateDir, ['dlq', 'redrive', '--message-id', second, '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ moved: [{ messageId: second, newMessageId: expect.any(String) }], failed: [] });
    await waitFor(async () => (await ledger(runtime, `two-${token}`)).credits === 1, 'the second credit');
    expect((await list()).map((message) => message.messageId)).toContain(first);

    const rest = await runCli(runtime.stateDir, ['dlq', 'redrive', '--max', '1', '--json']);
    expect(JSON.parse(rest.stdout).moved).toEqual([{ messageId: first, newMessageId: expect.any(String) }]);
    await waitFor(async () => (await ledger(runtime, `one-${token}`)).credits === 1, 'the first credit');
  });

  it('loses nothing when killed halfway; a second redrive finishes the rest, each credit applied once', async () => {
    const token = randomUUID();
    const accounts = Array.from({ length: 10 }, (_, index) => `kill-${index}-${token}`);
    for (const [index, account] of accounts.entries()) await putDeadLetter(runtime, creditEnvelope(`kill-${index}-${token}`, account, index + 1));

    const redrive = spawnCli(runtime.stateDir, ['dlq', 'redrive', '--rate', '2']);
    await waitFor(() => (redrive.stdout().match(/^moved /gm) ?? []).length >= 2, 'the first two moves', 60_000);
    redrive.child.kill('SIGKILL');
    const killed = await redrive.exited;
    const movedBeforeKill = (killed.stdout.match(/^moved /gm) ?? []).length;

    // What the killed redrive had received stays hidden until its visibility timeout (30 s) ends;
    // after that, every message must be somewhere: still dead-lettered, or moved and applied.
    let whereabouts: { account: string; inDlq: boolean; credits: number }[] = [];
    await waitFor(async () => {
      const waiting = (await list()).map((message) => message.body);
      whereabouts = await Promise.all(accounts.map(async (account) => ({
        account,
        inDlq: waiting.some((body) => body.includes(`"account":"${account}"`)),
        credits: (await ledger(runtime, account)).credits,
      })));
      return whereabouts.every((entry) => entry.inDlq || entry.credits === 1);
    }, 'every message to be in the DLQ or applied', 90_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(whereabouts)}`);
    });
    expect(whereabouts.every((entry) => entry.credits <= 1)).toBe(true);
    expect(movedBeforeKill).toBeGreaterThanOrEqual(2);
    expect(movedBeforeKill).toBeLessThan(10);

    const second = await runCli(runtime.stateDir, ['dlq', 'redrive', '--rate', '50', '--json'], { timeoutMs: 120_000 });

    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).failed).toEqual([]);
    await waitFor(async () => (await Promise.all(accounts.map((account) => ledger(runtime, account)))).every((row) => row.credits === 1), 'every credit', 30_000);
    expect(await Promise.all(accounts.map((account) => ledger(runtime, account)))).toEqual(accounts.map((_, index) => ({ balance: index + 1, credits: 1 })));
    const left = (await list()).filter((message) => message.body.includes(token));
    expect(left).toEqual([]);
  }, 240_000);
});
