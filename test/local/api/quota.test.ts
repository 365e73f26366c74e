import { describe, expect, it } from 'vitest';
import { createQuotaTracker, quotaPeriodStart } from '../../../local/api/quota.js';

describe('quotaPeriodStart', () => {
  // Friday 27 November 2026, 15:30 UTC.
  const at = Date.UTC(2026, 10, 27, 15, 30);

  it('starts a DAY at UTC midnight', () => {
    expect(quotaPeriodStart({ period: 'DAY' }, at)).toBe(Date.UTC(2026, 10, 27));
  });

  it('starts a WEEK on the offset weekday (0 = Sunday)', () => {
    expect(quotaPeriodStart({ period: 'WEEK' }, at)).toBe(Date.UTC(2026, 10, 22));
    expect(quotaPeriodStart({ period: 'WEEK', offset: 1 }, at)).toBe(Date.UTC(2026, 10, 23));
    expect(quotaPeriodStart({ period: 'WEEK', offset: 5 }, at)).toBe(Date.UTC(2026, 10, 27));
  });

  it('starts a MONTH on day offset + 1, in the previous month before that day', () => {
    expect(quotaPeriodStart({ period: 'MONTH' }, at)).toBe(Date.UTC(2026, 10, 1));
    expect(quotaPeriodStart({ period: 'MONTH', offset: 27 }, at)).toBe(Date.UTC(2026, 9, 28));
  });
});

describe('createQuotaTracker', () => {
  it('counts up to the limit, per key, and starts over in the next period', () => {
    let clock = Date.UTC(2026, 10, 27, 23, 59);
    const tracker = createQuotaTracker(() => clock);
    const quota = { limit: 2, period: 'DAY' as const };

    const today = [tracker.consume('P/a', quota), tracker.consume('P/a', quota), tracker.consume('P/a', quota)];
    const otherKey = tracker.consume('P/b', quota);
    clock = Date.UTC(2026, 10, 28, 0, 1);
    const tomorrow = tracker.consume('P/a', quota);

    expect(today).toEqual([true, true, false]);
    expect(otherKey).toBe(true);
    expect(tomorrow).toBe(true);
  });
});
