import { describe, expect, it } from 'vitest';
import { InputError } from '../../ops/errors.js';
import { LoadPlan, messageBytes, messageSizeRange } from '../../ops/load-plan.js';

const all = (plan: LoadPlan) => plan.take(plan.total);

describe('LoadPlan', () => {
  it('plans floor(count × ratio) duplicates, each re-sending an earlier message with its key and payload', () => {
    const plan = new LoadPlan({ count: 50, duplicateRatio: 0.1, runId: 'r1' });

    const messages = all(plan);

    expect(plan.duplicates).toBe(5);
    expect(messages.filter((m) => m.duplicate)).toHaveLength(5);
    const firstByKey = new Map<string, (typeof messages)[number]>();
    for (const planned of messages) {
      const first = firstByKey.get(planned.message.idempotencyKey);
      if (planned.duplicate) expect(first?.message).toEqual(planned.message);
      else {
        expect(first).toBeUndefined();
        firstByKey.set(planned.message.idempotencyKey, planned);
      }
    }
    expect(firstByKey.size).toBe(45);
    expect(plan.done).toBe(true);
    expect(plan.uniqueSoFar).toBe(45);
  });

  it('credits 1 cent per message over the run\'s accounts, keys named after the run', () => {
    const plan = new LoadPlan({ count: 12, runId: 'abc', accounts: 3 });

    const messages = all(plan);

    expect(plan.accounts).toEqual(['load-abc-0', 'load-abc-1', 'load-abc-2']);
    expect(messages.map((m) => m.message.payload)).toEqual(Array.from({ length: 12 }, (_, i) => ({ account: `load-abc-${i % 3}`, amount: 1 })));
    expect(messages.map((m) => m.message.idempotencyKey)).toEqual(Array.from({ length: 12 }, (_, i) => `abc-${i}`));
    expect(messages.every((m) => m.message.type === 'ledger.credit')).toBe(true);
  });

  it('hands messages out in order, fewer at the end', () => {
    const plan = new LoadPlan({ count: 5, runId: 'r' });

    expect(plan.take(2).map((m) => m.index)).toEqual([0, 1]);
    expect(plan.take(10).map((m) => m.index)).toEqual([2, 3, 4]);
    expect(plan.take(1)).toEqual([]);
  });

  it('makes every message exactly --size bytes by lengthening the account names', () => {
    const range = messageSizeRange('r2', 10);
    for (const size of [range.min, 120, range.max]) {
      const plan = new LoadPlan({ count: 20, runId: 'r2', sizeBytes: size, duplicateRatio: 0.2 });

      const sizes = new Set(all(plan).map((m) => messageBytes(m.message)));

      expect([...sizes]).toEqual([size]);
      expect(plan.messageBytes).toBe(size);
      expect(plan.accounts.every((account) => /^[A-Za-z0-9_.:-]{1,128}$/.test(account))).toBe(true);
      expect(new Set(plan.accounts).size).toBe(10);
    }
  });

  it('refuses a size ledger.credit cannot reach, saying why', () => {
    const { min, max } = messageSizeRange('r3', 10);

    expect(() => new LoadPlan({ count: 1, runId: 'r3', sizeBytes: max + 1 })).toThrow(/larger messages need a message type with a larger payload/);
    expect(() => new LoadPlan({ count: 1, runId: 'r3', sizeBytes: min - 1 })).toThrow(InputError);
    expect(max).toBe(messageBytes({ type: 'ledger.credit', payload: { account: 'x'.repeat(128), amount: 1 } }));
  });

  it('refuses counts, ratios and run ids out of range', () => {
    expect(() => new LoadPlan({ count: 0, runId: 'r' })).toThrow(InputError);
    expect(() => new LoadPlan({ count: 10, runId: 'r', duplicateRatio: 1 })).toThrow(/\[0, 1\)/);
    expect(() => new LoadPlan({ count: 10, runId: 'bad id' })).toThrow(/run id/);
  });
});
