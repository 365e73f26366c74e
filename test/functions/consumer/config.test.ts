import { describe, expect, it } from 'vitest';
import { loadConsumerConfig } from '../../../functions/consumer/config.js';

const required = { QUEUE_URL: 'q', DEAD_LETTER_QUEUE_URL: 'dlq', IDEMPOTENCY_TABLE_NAME: 'idem', LEDGER_TABLE_NAME: 'ledger' };

describe('loadConsumerConfig', () => {
  it('applies the defaults', () => {
    expect(loadConsumerConfig(required)).toEqual({
      queueUrl: 'q',
      deadLetterQueueUrl: 'dlq',
      idempotencyTableName: 'idem',
      ledgerTableName: 'ledger',
      fifo: false,
      maxReceiveCount: 5,
      idempotencyTtlSeconds: 604_800,
      lockGraceMs: 5000,
      minRemainingMs: 1000,
    });
  });

  it('reads the optional variables', () => {
    const config = loadConsumerConfig({ ...required, QUEUE_FIFO: 'true', MAX_RECEIVE_COUNT: '1000', IDEMPOTENCY_TTL_SECONDS: '60' });
    expect(config).toMatchObject({ fifo: true, maxReceiveCount: 1000, idempotencyTtlSeconds: 60 });
  });

  it.each([
    [{ ...required, MAX_RECEIVE_COUNT: '1' }, /MAX_RECEIVE_COUNT must be an integer between 2 and 1000/],
    [{ ...required, IDEMPOTENCY_TTL_SECONDS: '59' }, /IDEMPOTENCY_TTL_SECONDS must be an integer between 60 and 31536000/],
    [{ ...required, QUEUE_FIFO: '1' }, /QUEUE_FIFO/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConsumerConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadConsumerConfig(env)).toThrow(message);
  });
});
