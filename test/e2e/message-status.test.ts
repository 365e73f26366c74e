import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { api, credit, dynamodb, eventually, ledgerWith, newAccount, sqs, target, unavailable } from './support/conveyor-client.js';

/** `GET /messages/{id}` with the target's API key. */
const statusOf = (id: string) => api(`messages/${encodeURIComponent(id)}`, { method: 'GET' });

/** Polls the status until it is `wanted`, and returns the answer. */
const statusBecomes = (id: string, wanted: string) =>
  eventually(async () => {
    const answer = await statusOf(id);
    return answer.json?.status === wanted ? answer : undefined;
  }, `${id} to be ${wanted}`, 30_000);

describe.skipIf(unavailable() !== '')('GET /messages/{id}', () => {
  const db = dynamodb();
  const queue = sqs();
  afterAll(() => {
    db.destroy();
    queue.destroy();
  });

  it('follows one message: unknown before it is sent, completed (with when) once its effect is applied', async () => {
    const id = `status-${randomUUID()}`;
    const account = newAccount();
    const before = await statusOf(id);

    const accepted = await api('messages', { body: credit(account, 25), headers: { 'Idempotency-Key': id } });
    const completed = await statusBecomes(id, 'completed');

    expect(before.status).toBe(200);
    expect(before.json).toEqual({ id, status: 'unknown' });
    expect(accepted.status).toBe(202);
    expect(completed.json).toEqual({ id, status: 'completed', outcome: 'applied', completedAt: expect.any(String) });
    expect(Date.parse(completed.json.completedAt)).toBeGreaterThan(0);
    expect(await ledgerWith(db, account, 1)).toEqual({ balance: 25, credits: 1 });
  });

  it('says dead_lettered, and why, for a message the consumer sent to the DLQ', async () => {
    const { apiKeyId, queueUrl } = target();
    if (apiKeyId === undefined) throw new Error('the outputs file has no ApiKeyId');
    const id = `status-${randomUUID()}`;
    // The producer refuses such a payload, so it goes on the queue directly, in the caller's scope as the producer would put it.
    const envelope = { v: 1, id, scope: apiKeyId, type: 'ledger.credit', payload: { account: newAccount(), amount: -1 }, acceptedAt: Date.now() };
    await queue.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(envelope) }));

    const answer = await statusBecomes(id, 'dead_lettered');

    expect(answer.json).toEqual({
      id,
      status: 'dead_lettered',
      deadLetteredAt: expect.any(String),
      reason: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('amount') },
    });
  });

  it('refuses an id that cannot be an idempotency key with a 400 naming the rule', async () => {
    const answer = await statusOf('not a key');

    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'INVALID_IDEMPOTENCY_KEY', message: expect.stringContaining('/messages/{id}') });
  });

  it('needs the API key, as every route does', async () => {
    const answer = await api(`messages/${randomUUID()}`, { method: 'GET', apiKey: null });

    expect(answer.status).toBe(403);
  });
});
