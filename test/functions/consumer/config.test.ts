import { describe, expect, it } from 'vitest';
import { CONSUMER_ENVIRONMENT } from '../../../contract/index.js';
import { loadConsumerConfig } from '../../../functions/consumer/config.js';

const TABLES = { ledger: { tableName: 'ledger-t', partitionKey: 'account' } };
const required = { QUEUE_NAME: 'ledger', QUEUE_URL: 'q', DEAD_LETTER_QUEUE_URL: 'dlq', IDEMPOTENCY_TABLE_NAME: 'idem', MESSAGE_TABLES: JSON.stringify(TABLES) };

describe('loadConsumerConfig', () => {
  it('applies the contract\'s default to every optional setting', () => {
    const config = loadConsumerConfig(required);

    expect(config).toMatchObject({ queueName: 'ledger', queueUrl: 'q', deadLetterQueueUrl: 'dlq', idempotencyTableName: 'idem', tables: TABLES });
    for (const [key, setting] of Object.entries(CONSUMER_ENVIRONMENT)) {
      if (setting.kind !== 'string') expect(config[key as keyof typeof config], key).toBe(setting.default);
    }
  });

  it('reads the retry schedule', () => {
    const config = loadConsumerConfig({ ...required, RETRY_BASE_SECONDS: '2', RETRY_MAX_DELAY_SECONDS: '900', RETRY_BUDGET_SECONDS: '0' });
    expect(config).toMatchObject({ retryBaseSeconds: 2, retryMaxDelaySeconds: 900, retryBudgetSeconds: 0 });
  });

  it('reads the optional variables', () => {
    const config = loadConsumerConfig({ ...required, QUEUE_FIFO: 'true', MAX_RECEIVE_COUNT: '1000', IDEMPOTENCY_TTL_SECONDS: '60' });
    expect(config).toMatchObject({ fifo: true, maxReceiveCount: 1000, idempotencyTtlSeconds: 60 });
  });

  it.each([
    [{ ...required, MAX_RECEIVE_COUNT: '1' }, /MAX_RECEIVE_COUNT must be an integer between 2 and 1000/],
    [{ ...required, IDEMPOTENCY_TTL_SECONDS: '59' }, /IDEMPOTENCY_TTL_SECONDS must be an integer between 60 and 31536000/],
    [{ ...required, QUEUE_FIFO: '1' }, /QUEUE_FIFO/],
    [{ ...required, MESSAGE_TABLES: '{"ledger":{"partitionKey":"account"}}' }, /MESSAGE_TABLES entry ledger.tableName must be a string/],
    [{ ...required, MESSAGE_TABLES: 'ledger' }, /MESSAGE_TABLES must be JSON/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConsumerConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadConsumerConfig(env)).toThrow(message);
  });
});
