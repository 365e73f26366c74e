import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAOS_ORDER_RATIO, defaultChaosOptions } from './options.js';
import { formatChaosReport } from './report.js';
import { runChaos } from './run-chaos.js';

/**
 * The chaos suite at CI size (`CONVEYOR_CHAOS_MESSAGES`, default 10 000 credits, plus a tenth as many
 * orders; `npm run chaos` runs 100 000) with the default fault mix on both consumers. It asserts the
 * oracle — the ledger's and the orders' — never a timing.
 */
const messages = Number(process.env.CONVEYOR_CHAOS_MESSAGES ?? 10_000);
const orders = Math.round(messages * CHAOS_ORDER_RATIO);

describe('chaos', () => {
  it(`loses nothing and applies nothing twice: ${messages} credits and ${orders} orders under throttling, crashes and slow commits`, async () => {
    const lines: string[] = [];

    const result = await runChaos(resolve(import.meta.dirname, '..', '..'), defaultChaosOptions({ messages, orders, progress: false }), (line) => lines.push(line));
    console.log(`${lines.join('\n')}\n${formatChaosReport(result)}`);

    expect(result.send.rejected).toEqual([]);
    expect(result.verdict).toMatchObject({ lost: 0, doubleApplied: 0, wrongBalances: 0, missingDeadLetters: 0, unexpectedDeadLetters: 0, stuck: 0, unrecorded: 0 });
    expect(result.verdict.orders).toMatchObject({
      orders, appliedOnce: orders, lost: 0, appliedTwice: 0, wrongContent: 0, unexpectedItems: 0, missingDeadLetters: 0, unexpectedDeadLetters: 0,
    });
    // orders.place fans out to the ledger queue too (conveyor.config.ts): each total booked once.
    if (result.verdict.orders.bookings) {
      expect(result.verdict.orders.bookings).toMatchObject({ lost: 0, bookedTwice: 0, wrongBalances: 0, unrecorded: 0, stuck: 0, unexpectedDeadLetters: 0 });
    }
    expect(result.figures.crashesInjected).toBeGreaterThan(0);
    expect(result.figures.dynamodbFaultsInjected).toBeGreaterThan(0);
    // The faults reached the orders consumer too.
    expect(result.figures.ordersDynamodbFaultsInjected).toBeGreaterThan(0);
    expect(result.passed).toBe(true);
  }, 20 * 60_000);
});
