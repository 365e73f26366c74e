import type { UsagePlanSpec } from '../template/specs.js';

type Quota = NonNullable<UsagePlanSpec['quota']>;

const DAY_MS = 86_400_000;

/** Counts requests per (usage plan, key) against the plan's quota. */
export interface QuotaTracker {
  /** Counts one request; false (and not counted) when the key has used up its quota for the period. */
  consume(planKey: string, quota: Quota): boolean;
}

/**
 * Builds the quota tracker. Periods are calendar periods in UTC: a DAY starts at midnight, a WEEK on
 * the weekday `offset` (0 = Sunday), a MONTH on day `offset + 1` of the month.
 */
export function createQuotaTracker(now: () => number): QuotaTracker {
  const usage = new Map<string, { periodStart: number; used: number }>();
  return {
    consume(planKey, quota) {
      const periodStart = quotaPeriodStart(quota, now());
      let entry = usage.get(planKey);
      if (!entry || entry.periodStart !== periodStart) {
        entry = { periodStart, used: 0 };
        usage.set(planKey, entry);
      }
      if (entry.used >= quota.limit) return false;
      entry.used += 1;
      return true;
    },
  };
}

/** The start (epoch ms) of the quota period that contains `atMs`. */
export function quotaPeriodStart(quota: Pick<Quota, 'period' | 'offset'>, atMs: number): number {
  const at = new Date(atMs);
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const offset = quota.offset ?? 0;
  switch (quota.period) {
    case 'DAY':
      return midnight;
    case 'WEEK':
      return midnight - (((at.getUTCDay() - offset) % 7) + 7) % 7 * DAY_MS;
    case 'MONTH': {
      const thisMonth = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), offset + 1);
      return thisMonth <= atMs ? thisMonth : Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, offset + 1);
    }
  }
}
