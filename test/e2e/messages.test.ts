import { afterAll, describe, expect, it } from 'vitest';
import { api, credit, dynamodb, ledger, ledgerWith, newAccount, unavailable } from './support/conveyor-client.js';

describe.skipIf(unavailable() !== '')('messages through the API', () => {
  const db = dynamodb();
  afterAll(() => db.destroy());

  it('applies a message posted to /messages to the ledger', async () => {
    const account = newAccount();

    const response = await api('messages', { body: credit(account, 250) });

    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ messageId: expect.any(String), id: expect.any(String) });
    expect(await ledgerWith(db, account, 1)).toEqual({ balance: 250, credits: 1 });
  });

  it('applies a repeated Idempotency-Key once, however often and however fast it is sent', async () => {
    const account = newAccount();
    const key = `key-${account}`;
    const send = () => api('messages', { body: credit(account, 100), headers: { 'Idempotency-Key': key } });

    const responses = [...(await Promise.all([send(), send(), send()])), await send()];
    await ledgerWith(db, account, 1);
    const marker = newAccount();
    await api('messages', { body: credit(marker, 1) });
    await ledgerWith(db, marker, 1);

    expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(responses.map((response) => response.json.id))).toEqual(new Set([key]));
    expect(await ledger(db, account)).toEqual({ balance: 100, credits: 1 });
  });

  it('applies every message of a batch, and each key of a batch once', async () => {
    const accounts = [newAccount(), newAccount(), newAccount()];
    const messages = [
      ...accounts.map((account, index) => credit(account, 10 * (index + 1), { idempotencyKey: `batch-${account}` })),
      credit(accounts[0]!, 10, { idempotencyKey: `batch-${accounts[0]!}` }),
    ];

    const response = await api('messages/batch', { body: { messages } });

    expect(response.status).toBe(202);
    const rows = await Promise.all(accounts.map((account) => ledgerWith(db, account, 1)));
    expect(rows).toEqual([{ balance: 10, credits: 1 }, { balance: 20, credits: 1 }, { balance: 30, credits: 1 }]);
  });
});
