import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime.js';
import { type TailEvent, tailEvents } from '../../ops/log-events.js';
import { followRuntimeLogs } from '../../ops/tail.js';
import { miniTemplate, writeAssembly } from './support/assembly.js';

const WORKER = 'export const handler = async (event) => (event.Records ? { batchItemFailures: [] } : { statusCode: 200, body: "{}" });';

/** Polls `check` every 50 ms until it returns true; fails only when it never does within `ms`. */
async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not seen before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a crashed invocation in the local runtime', () => {
  let runtime: LocalRuntime;
  const printed: string[] = [];
  const tailed: TailEvent[] = [];
  const stopTail = new AbortController();
  let following: Promise<void>;

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      outputDir: writeAssembly(miniTemplate(), { stackName: 'Crashy', assets: { 'asset.worker': WORKER } }),
      synth: false,
      port: 0,
      awsPort: 0,
      inMemory: true,
      stateDir: mkdtempSync(join(tmpdir(), 'conveyor-state-')),
      log: (line) => printed.push(line),
    });
    let open = false;
    following = followRuntimeLogs(runtime.runtimeUrl, (line) => tailed.push(...tailEvents(line)), { signal: stopTail.signal, onOpen: () => (open = true) });
    await until(() => open);
  });
  afterAll(async () => {
    stopTail.abort();
    await following?.catch(() => undefined);
    await runtime?.stop({ graceMs: 0 });
  });

  it('prints one WARN line naming the function, request id and the batch\'s message id, and tail shows it', async () => {
    const faults = await fetch(`${runtime.runtimeUrl}/_conveyor/faults`, { method: 'POST', body: JSON.stringify([{ service: 'lambda', function: 'Worker', crash: true, times: 1 }]) });
    expect(faults.status).toBe(200);
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: runtime.awsEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, useQueueUrlAsEndpoint: false });
    const { MessageId: messageId } = await sqs.send(new SendMessageCommand({ QueueUrl: runtime.outputs.QueueUrl, MessageBody: 'never printed' }));
    sqs.destroy();

    await until(() => printed.some((line) => line.includes('invocation crashed')) && tailed.some((event) => event.kind === 'crashed'));

    const warnings = printed.filter((line) => line.includes('invocation crashed'));
    expect(warnings).toHaveLength(1);
    const [prefix, json] = [warnings[0]!.slice(0, warnings[0]!.indexOf(' ')), JSON.parse(warnings[0]!.slice(warnings[0]!.indexOf(' ') + 1))];
    expect(prefix).toBe('[Worker]');
    expect(json).toMatchObject({ level: 'WARN', function: 'Worker', requestId: expect.any(String), messageIds: [messageId], errorType: 'Runtime.ExitError', reason: expect.stringMatching(/injected crash/) });
    expect(tailed.filter((event) => event.kind === 'crashed')).toEqual([
      expect.objectContaining({ function: 'Worker', requestId: json.requestId, messageIds: [messageId], code: 'Runtime.ExitError' }),
    ]);
    expect(printed.join('\n')).not.toContain('never printed');
  });
});
