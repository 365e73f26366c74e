import { randomUUID } from 'node:crypto';
import { type Message, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { api, credit, dynamodb, ledgerWith, newAccount, sqs, target, unavailable } from './support/conveyor-client.js';

/** Raw queue messages the producer would never send, each marked with a token to find it in the DLQ. */
const malformed = (token: string) => [
  `not json ${token}`,
  JSON.stringify({ v: 1, id: token }),
  JSON.stringify({ v: 1, id: token, type: 'ledger.unknown', payload: {}, acceptedAt: Date.now() }),
  JSON.stringify({ v: 1, id: token, type: 'ledger.credit', payload: { account: token, amount: -1 }, acceptedAt: Date.now() }),
  JSON.stringify({ v: 99, id: token, type: 'ledger.credit', payload: { account: token, amount: 1 }, acceptedAt: Date.now() }),
];

describe.skipIf(unavailable() !== '')('malformed messages on the queue', () => {
  const queue = sqs();
  const db = dynamodb();
  afterAll(() => {
    queue.destroy();
    db.destroy();
  });

  it('land in the dead-letter queue with the reason, and the queue keeps flowing', async () => {
    const tokens: string[] = malformed('').map(() => randomUUID());
    const bodies = tokens.map((token, index) => malformed(token)[index]!);
    for (const body of bodies) await queue.send(new SendMessageCommand({ QueueUrl: target().queueUrl, MessageBody: body }));
    const account = newAccount();
    await api('messages', { body: credit(account, 7) });

    const found = new Map<string, Message>();
    const deadline = Date.now() + 20_000;
    while (found.size < tokens.length && Date.now() < deadline) {
      const { Messages = [] } = await queue.send(new ReceiveMessageCommand({
        QueueUrl: target().deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 30,
        MessageAttributeNames: ['All'],
      }));
      for (const message of Messages) {
        const token = tokens.find((candidate) => message.Body?.includes(candidate));
        if (token !== undefined) found.set(token, message);
      }
    }

    expect(await ledgerWith(db, account, 1)).toEqual({ balance: 7, credits: 1 });
    expect([...found.keys()].sort()).toEqual([...tokens].sort());
    for (const [token, message] of found) {
      expect(message.Body).toBe(bodies[tokens.indexOf(token)]);
      expect(message.MessageAttributes?.['Conveyor.ErrorCode']?.StringValue).toMatch(/^[A-Z_]+$/);
    }
  });
});
