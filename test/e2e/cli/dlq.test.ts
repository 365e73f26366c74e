import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, relative } from 'node:path';
import { PurgeQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TailEvent } from '../../../ops/log-events.js';
import { type CliResult, type CliRuntime, creditEnvelope, ledger, projectDir, putDeadLetter, runCli, spawnCli, startCliRuntime, waitFor } from './support.js';

// `conveyor dlq` against an embedded runtime of its own (the emulator path: ops/dlq.ts's mover).
let runtime: CliRuntime;
beforeAll(async () => {
  runtime = await startCliRuntime('cli-dlq');
});
afterAll(async () => {
  await runtime?.stop();
});

interface Listed {
  messageId: string; sourceMessageId: string; idempotencyKey?: string; state: string; body: string; receiveCount: number; lastError?: { code: string };
}

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
    expect(JSON.parse(result.stdout)).toEqual({ moved: [{ messageId: second, sourceMessageId: second, newMessageId: expect.any(String) }], failed: [] });
    await waitFor(async () => (await ledger(runtime, `two-${token}`)).credits === 1, 'the second credit');
    expect((await list()).map((message) => message.messageId)).toContain(first);

    const rest = await runCli(runtime.stateDir, ['dlq', 'redrive', '--max', '1', '--json']);
    expect(JSON.parse(rest.stdout).moved).toEqual([{ messageId: first, sourceMessageId: first, newMessageId: expect.any(String) }]);
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
      // The listing sees in-flight messages too; only visible ones can be moved by the next redrive.
      const waiting = (await list()).filter((message) => message.state !== 'in-flight').map((message) => message.body);
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

/** The CLI run from `cwd` (a subfolder of the project) with a relative `--state-dir`, as `cd functions && npx conveyor …` would. */
function runCliIn(cwd: string, stateDir: string, args: readonly string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['CONVEYOR_TARGET', 'CONVEYOR_OUTPUTS', 'CONVEYOR_STATE_DIR', 'CONVEYOR_STACK', 'CONVEYOR_API_KEY']) delete env[name];
  const child = spawn(process.execPath, [join(projectDir, 'bin', 'conveyor.mjs'), '--state-dir', stateDir, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) => child.once('close', (code) => {
    clearTimeout(timer);
    done({ code, stdout, stderr });
  }));
}

describe('conveyor dlq: ids, receive counts and the project root', { timeout: 90_000 }, () => {
  it('shows first the source message id and the idempotency key, the ones the consumer logged when it dead-lettered the message', async () => {
    const tail = spawnCli(runtime.stateDir, ['tail', '--json']);
    try {
      await waitFor(() => tail.stderr().includes('following '), 'tail to connect', 30_000);
      const key = `bad-amount-${randomUUID()}`;
      // A valid envelope whose payload the consumer refuses: it dead-letters it itself, with its reason.
      const { MessageId } = await runtime.sqs.send(new SendMessageCommand({ QueueUrl: runtime.target.queueUrl, MessageBody: creditEnvelope(key, `acct-${key}`, -5) }));
      const logged = (): TailEvent | undefined => tail.stdout().split('\n').filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as TailEvent).find((event) => event.kind === 'dead-lettered' && event.messageId === MessageId);
      await waitFor(() => logged() !== undefined, 'the consumer to log the dead-lettering', 30_000);
      let letter: Listed | undefined;
      await waitFor(async () => {
        letter = (await list()).find((message) => message.idempotencyKey === key);
        return letter !== undefined;
      }, 'the message in the DLQ');

      const table = await runCli(runtime.stateDir, ['dlq', 'list']);
      const peeked = await runCli(runtime.stateDir, ['dlq', 'peek', MessageId as string, '--json']);

      expect(letter).toMatchObject({ sourceMessageId: MessageId, idempotencyKey: logged()?.idempotencyKey, lastError: { code: logged()?.code } });
      expect(letter?.messageId).not.toBe(MessageId);
      const row = table.stdout.split('\n').find((line) => line.includes(key)) ?? '';
      expect(row.startsWith(`${MessageId as string} `)).toBe(true);
      expect(table.stdout.split('\n')[0]).toMatch(/^source message id\s+idempotency key\s+sent/);
      expect(JSON.parse(peeked.stdout)).toMatchObject({ messageId: letter?.messageId, sourceMessageId: MessageId, idempotencyKey: key });
    } finally {
      tail.child.kill('SIGTERM');
      await tail.exited;
    }
  });

  it('lists and peeks twice without raising a receive count', async () => {
    const id = await putDeadLetter(runtime, `looked at ${randomUUID()}`);
    const count = async (args: string[]) => {
      const result = await runCli(runtime.stateDir, args);
      expect(result.code, result.stderr).toBe(0);
      const parsed = JSON.parse(result.stdout) as Listed | Listed[];
      return (Array.isArray(parsed) ? parsed.find((message) => message.messageId === id) : parsed)?.receiveCount;
    };

    const counts = [
      await count(['dlq', 'list', '--json']),
      await count(['dlq', 'list', '--json']),
      await count(['dlq', 'peek', id, '--json']),
      await count(['dlq', 'peek', id, '--json']),
    ];
    const table = await runCli(runtime.stateDir, ['dlq', 'list']);

    expect(counts).toEqual([0, 0, 0, 0]);
    expect(table.stdout).toContain('read without receiving: receive counts unchanged');
  });

  it('finds the runtime from a subfolder of the project, with a state folder relative to the project root', async () => {
    const id = await putDeadLetter(runtime, `from a subfolder ${randomUUID()}`);
    const stateDir = relative(projectDir, runtime.stateDir);

    const fromFunctions = await runCliIn(join(projectDir, 'functions', 'consumer'), stateDir, ['dlq', 'peek', id, '--json']);
    const missing = await runCliIn(join(projectDir, 'functions'), join('.conveyor', 'no-such-runtime'), ['dlq', 'list']);

    expect(fromFunctions.code, fromFunctions.stderr).toBe(0);
    expect(JSON.parse(fromFunctions.stdout)).toMatchObject({ messageId: id });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`(no ${join('.conveyor', 'no-such-runtime', 'local.json')} in ${projectDir})`);
  });
});
