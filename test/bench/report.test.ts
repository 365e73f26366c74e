import { describe, expect, it } from 'vitest';
import { formatMarkdown, targetsOf } from '../../bench/report.js';

const consumer = (effectsPerSecond: number) => ({ effectsPerSecond, dynamodbPerMessage: { GetItem: 1 } });

describe('targetsOf', () => {
  it('marks each target met or not from the figures of the run', () => {
    const rows = targetsOf({
      ceiling: { best: { messagesPerSecond: 300 }, via: { proxy: { messagesPerSecond: { median: 200 } }, direct: { messagesPerSecond: { median: 300 } } } },
      pipeline: { sustained: { batch: { messagesPerSecond: 110 }, single: { messagesPerSecond: 60 } }, latency: [{ share: 0.5, rateMsgPerSec: 55, p50: 20, p90: 40, p99: 120 }] },
      consumers: { conveyor: consumer(300), powertools: consumer(100), 'powertools-sequential': consumer(250) },
    });

    const met = (prefix: string) => rows.find((row) => row.figure.startsWith(prefix))?.met;
    expect(met('pipeline / ceiling')).toBe(false); // 110 / 200 = 0.55 < 0.6
    expect(met('end-to-end latency at 50 %')).toBe(false); // p99 120 > 100
    expect(met('throughput Conveyor / Powertools (parallel)')).toBe(true); // 3.0×
    expect(met('throughput Conveyor / Powertools (sequential)')).toBe(false); // 1.2×
    expect(rows.find((row) => row.figure.startsWith('pipeline sustained, batch'))?.met).toBeNull();
  });

  it('leaves out the sections a run skipped', () => {
    expect(targetsOf({})).toEqual([]);
    expect(formatMarkdown({ measuredAt: 'now' })).toContain('# Benchmark results');
  });
});
