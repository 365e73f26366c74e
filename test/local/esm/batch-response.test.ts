import { describe, expect, it } from 'vitest';
import { settleBatch } from '../../../local/esm/batch-response.js';
import { failed, succeeded } from './harness.js';

const ids = ['a', 'b', 'c'];

describe('settleBatch', () => {
  it('fails the whole batch when the invocation failed', () => {
    expect(settleBatch(failed('timeout'), ids, true)).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('succeeds the whole batch without ReportBatchItemFailures, whatever the payload', () => {
    const settlement = settleBatch(succeeded({ batchItemFailures: [{ itemIdentifier: 'a' }] }), ids, false);

    expect(settlement).toMatchObject({ ok: true, failed: new Set() });
    expect(settlement.ok && [...settlement.succeeded]).toEqual(ids);
  });

  it.each([[null], [undefined], [{}], [{ batchItemFailures: [] }], [{ batchItemFailures: null }]])('treats %j as complete success', (payload) => {
    const settlement = settleBatch(succeeded(payload), ids, true);

    expect(settlement.ok && [...settlement.succeeded]).toEqual(ids);
  });

  it('deletes every message but the reported failures', () => {
    const settlement = settleBatch(succeeded({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'b' }] }), ids, true);

    expect(settlement).toEqual({ ok: true, succeeded: new Set(['a', 'c']), failed: new Set(['b']) });
  });

  it.each([
    ['a string payload', 'ok'],
    ['an array payload', []],
    ['batchItemFailures not an array', { batchItemFailures: 'b' }],
    ['an entry without itemIdentifier', { batchItemFailures: [{ id: 'b' }] }],
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null entry', { batchItemFailures: [null] }],
    ['an itemIdentifier of another batch', { batchItemFailures: [{ itemIdentifier: 'z' }] }],
  ])('fails the whole batch on %s', (_case, payload) => {
    expect(settleBatch(succeeded(payload), ids, true)).toMatchObject({ ok: false, reason: 'malformed-response' });
  });
});
