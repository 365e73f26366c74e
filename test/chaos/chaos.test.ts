import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultChaosOptions } from './options.js';
import { formatChaosReport } from './report.js';
import { runChaos } from './run-chaos.js';

/**
 * The chaos suite at CI size (`CONVEYOR_CHAOS_MESSAGES`, default 10 000; `npm run chaos` runs
 * 100 000) with the default fault mix. It asserts the oracle, never a timing.
 */
const messages = Number(process.env.CONVEYOR_CHAOS_MESSAGES ?? 10_000);

describe('chaos', () => {
  it(`loses nothing and applies nothing twice: ${messages} messages under throttling, crashes and slow updates`, async () => {
    const lines: string[] = [];

    const result = await runChaos(resolve(import.meta.dirname, '..', '..'), defaultChaosOptions({ messages, progress: false }), (line) => lines.push(line));
    console.log(`${lines.join('\n')}\n${formatChaosReport(result)}`);

    expect(result.send.rejected).toEqual([]);
    expect(result.verdict).toMatchObject({ lost: 0, doubleApplied: 0, wrongBalances: 0, missingDeadLetters: 0, unexpectedDeadLetters: 0, stuck: 0, unrecorded: 0 });
    expect(result.figures.crashesInjected).toBeGreaterThan(0);
    expect(result.figures.dynamodbFaultsInjected).toBeGreaterThan(0);
    expect(result.passed).toBe(true);
  }, 20 * 60_000);
});
