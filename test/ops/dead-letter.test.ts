import { describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION } from '../../contract/index.js';
import { serializeEnvelope } from '../../functions/shared/envelope.js';
import { DEAD_LETTER_ATTRIBUTES } from '../../contract/index.js';
import { idempotencyKeyOf, isNamed, type RawDeadLetter, toDeadLetter } from '../../ops/dead-letter.js';

const envelope = (id: string) => serializeEnvelope({ v: ENVELOPE_VERSION, id, type: 'ledger.credit', payload: { account: 'a', amount: 1 }, acceptedAt: 1 });

/** A message read from the DLQ, with the attributes given. */
const raw = (overrides: Partial<RawDeadLetter> = {}): RawDeadLetter => ({
  messageId: 'dlq-copy-id',
  body: envelope('order-42-credit'),
  state: 'visible',
  attributes: { SentTimestamp: '1735787045000', ApproximateReceiveCount: '3' },
  messageAttributes: {},
  ...overrides,
});

describe('toDeadLetter', () => {
  it('names a message the consumer dead-lettered by the source message id it recorded and its idempotency key', () => {
    const letter = toDeadLetter(raw({
      messageAttributes: {
        [DEAD_LETTER_ATTRIBUTES.errorCode]: 'INVALID_PAYLOAD',
        [DEAD_LETTER_ATTRIBUTES.errorMessage]: 'amount must be positive',
        [DEAD_LETTER_ATTRIBUTES.sourceMessageId]: 'the-id-the-consumer-logged',
        [DEAD_LETTER_ATTRIBUTES.failedAt]: '2025-01-02T03:04:05.000Z',
      },
    }));

    expect(letter).toMatchObject({
      sourceMessageId: 'the-id-the-consumer-logged',
      idempotencyKey: 'order-42-credit',
      messageId: 'dlq-copy-id',
      origin: 'consumer',
      state: 'visible',
      sentAt: 1735787045000,
      receiveCount: 3,
      lastError: { code: 'INVALID_PAYLOAD', message: 'amount must be positive', failedAt: '2025-01-02T03:04:05.000Z', sourceMessageId: 'the-id-the-consumer-logged' },
    });
  });

  it('reads the attempts and their failures the consumer recorded for a message it retried', () => {
    const history = [{ at: '2025-01-02T03:04:05.000Z', code: 'RECORDS_UNAVAILABLE' }, { at: '2025-01-02T03:04:07.000Z', code: 'RETRY_AFTER' }];
    const letter = toDeadLetter(raw({
      messageAttributes: {
        [DEAD_LETTER_ATTRIBUTES.errorCode]: 'RETRY_BUDGET_EXHAUSTED',
        [DEAD_LETTER_ATTRIBUTES.attempts]: '2',
        [DEAD_LETTER_ATTRIBUTES.retryHistory]: JSON.stringify(history),
      },
    }));

    expect(letter.attempts).toEqual({ count: 2, history });
  });

  it('keeps the attempt count when the history does not parse, and has no attempts for a message never retried', () => {
    const cut = toDeadLetter(raw({ messageAttributes: { [DEAD_LETTER_ATTRIBUTES.attempts]: '30', [DEAD_LETTER_ATTRIBUTES.retryHistory]: '[{"at":"2025-01-0' } }));

    expect(cut.attempts).toEqual({ count: 30, history: [] });
    expect(toDeadLetter(raw()).attempts).toBeUndefined();
  });

  it('takes the DLQ message id as the source message id when SQS moved the message (it keeps the id)', () => {
    const letter = toDeadLetter(raw({ messageId: 'kept-by-sqs' }));

    expect(letter).toMatchObject({ sourceMessageId: 'kept-by-sqs', messageId: 'kept-by-sqs', origin: 'sqs', idempotencyKey: 'order-42-credit' });
    expect(letter.lastError).toBeUndefined();
  });
});

describe('idempotencyKeyOf', () => {
  it.each([
    ['an envelope', envelope('k-1'), 'k-1'],
    ['an envelope of an unknown version, still with its key', JSON.stringify({ v: 99, id: 'k-2' }), 'k-2'],
    ['a body that is not JSON', 'not json {', undefined],
    ['a JSON array', '[{"id":"k"}]', undefined],
    ['an id that is no valid key', JSON.stringify({ id: 'has spaces' }), undefined],
    ['an id that is not a string', JSON.stringify({ id: 42 }), undefined],
  ])('reads %s', (_, body, key) => {
    expect(idempotencyKeyOf(body)).toBe(key);
  });
});

describe('isNamed', () => {
  it('matches the DLQ message id and the source message id, nothing else', () => {
    const letter = { messageId: 'dlq', sourceMessageId: 'source' };

    expect([isNamed(letter, 'dlq'), isNamed(letter, 'source'), isNamed(letter, 'other')]).toEqual([true, true, false]);
  });
});
