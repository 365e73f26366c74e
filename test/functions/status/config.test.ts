import { describe, expect, it } from 'vitest';
import { loadStatusConfig } from '../../../functions/status/config.js';

const PLACES = { fanOutQueues: [['ledger', 'orders']], tables: [{ tableName: 'orders-t', partitionKey: 'orderId' }] };

describe('loadStatusConfig', () => {
  it('reads the idempotency table and where else records are', () => {
    expect(loadStatusConfig({ IDEMPOTENCY_TABLE_NAME: 'idem', RECORD_PLACES: JSON.stringify(PLACES) })).toEqual({ idempotencyTableName: 'idem', places: PLACES });
  });

  it.each([
    [{ IDEMPOTENCY_TABLE_NAME: 'idem' }, /RECORD_PLACES is required/],
    [{ IDEMPOTENCY_TABLE_NAME: 'idem', RECORD_PLACES: '{' }, /RECORD_PLACES must be JSON/],
    [{ IDEMPOTENCY_TABLE_NAME: 'idem', RECORD_PLACES: '{"fanOutQueues":["ledger"],"tables":[]}' }, /must hold fanOutQueues, a list of lists of queue names/],
    [{ IDEMPOTENCY_TABLE_NAME: 'idem', RECORD_PLACES: '{"fanOutQueues":[],"tables":{}}' }, /must hold tables, a list of tables/],
    [{ IDEMPOTENCY_TABLE_NAME: 'idem', RECORD_PLACES: '{"fanOutQueues":[],"tables":[{"tableName":"t"}]}' }, /entry tables\[0\]\.partitionKey must be a string/],
  ])('refuses %j', (env, message) => {
    expect(() => loadStatusConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadStatusConfig(env)).toThrow(message);
  });
});
