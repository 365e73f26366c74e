import { describe, expect, it } from 'vitest';
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
    expect(() => new LoadPlan({ count: 1, runId: 'r3', sizeBytes: min - 1 })).toThrow(expect.objectContaining({ name: 'OpsError', code: 'INPUT' }));
    expect(max).toBe(messageBytes({ type: 'ledger.credit', payload: { account: 'x'.repeat(128), amount: 1 } }));
  });

  it('sends no groupId unless asked for groups', () => {
    const plan = new LoadPlan({ count: 3, runId: 'r' });

    expect(plan.groups).toEqual([]);
    expect(all(plan).every((m) => !('groupId' in m.message))).toBe(true);
  });

  it('spreads unique messages over the groups in turn, each duplicate in its original\'s group', () => {
    const plan = new LoadPlan({ count: 40, runId: 'f1', groups: 4, accounts: 5, duplicateRatio: 0.25 });

    const messages = all(plan);

    expect(plan.groups).toEqual(['load-f1-g0', 'load-f1-g1', 'load-f1-g2', 'load-f1-g3']);
    for (const { message } of messages) {
      const unique = Number(message.idempotencyKey.split('-').at(-1));
      expect(message.groupId).toBe(`load-f1-g${unique % 4}`);
    }
    expect(new Set(messages.map((m) => m.message.groupId)).size).toBe(4);
  });

  it('names groups with the same width, and refuses a group count that is not a positive integer', () => {
    expect(new LoadPlan({ count: 1, runId: 'w', groups: 12 }).groups.slice(0, 2)).toEqual(['load-w-g00', 'load-w-g01']);
    expect(() => new LoadPlan({ count: 1, runId: 'r', groups: 0 })).toThrow(/groups must be a positive integer \(got 0\)/);
    expect(() => new LoadPlan({ count: 1, runId: 'r', groups: 1.5 })).toThrow(expect.objectContaining({ name: 'OpsError', code: 'INPUT' }));
  });

  it('refuses counts, ratios and run ids out of range', () => {
    expect(() => new LoadPlan({ count: 0, runId: 'r' })).toThrow(expect.objectContaining({ name: 'OpsError', code: 'INPUT' }));
    expect(() => new LoadPlan({ count: 10, runId: 'r', duplicateRatio: 1 })).toThrow(/\[0, 1\)/);
    expect(() => new LoadPlan({ count: 10, runId: 'bad id' })).toThrow(/run id/);
  });
});
