import { describe, expect, it } from 'vitest';
import type { QueueFigures } from '../../local/admin/queue-stats.js';
import { describeQueued, stoppedLine } from '../../local/banner.js';
import type { LocalRuntime } from '../../local/runtime.js';

const queue = (overrides: Partial<QueueFigures>): QueueFigures => ({ name: 'Q', role: 'source', visible: 0, inFlight: 0, delayed: 0, oldestAgeSeconds: null, ...overrides });
const runtimeWith = (state: LocalRuntime['state']) => ({ state }) as LocalRuntime;

describe('describeQueued', () => {
  it('adds up the source queues (visible, delayed, in flight) and the dead-letter queues apart', () => {
    const figures = [queue({ visible: 2, delayed: 3, inFlight: 1 }), queue({ name: 'R', visible: 4 }), queue({ name: 'D', role: 'dead-letter', visible: 1, inFlight: 1 })];

    expect(describeQueued(figures)).toBe('10 messages queued (3 delayed, 1 in flight), 2 in the DLQ');
  });

  it('says one message, and leaves out the detail when nothing is delayed or in flight', () => {
    expect(describeQueued([queue({ visible: 1 })])).toBe('1 message queued, 0 in the DLQ');
  });
});

describe('stoppedLine', () => {
  const left = [queue({ visible: 5 })];

  it('says the messages left are kept where the data lives', () => {
    expect(stoppedLine(runtimeWith({ dataDir: '/somewhere/data', inMemory: false }), left)).toBe('Kept in /somewhere/data: 5 messages queued, 0 in the DLQ; they are processed when Conveyor starts again.');
  });

  it('says they are gone when in memory', () => {
    expect(stoppedLine(runtimeWith({ inMemory: true }), left)).toBe('Nothing is kept (--in-memory): 5 messages queued, 0 in the DLQ are gone.');
  });
});
