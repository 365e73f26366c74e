import { describe, expect, it } from 'vitest';
import type { MessageInput } from '../../ops/api-client.js';
import { queueKindOf, queueMismatch, withDefaults } from '../../ops/queue-kind.js';

const credit = (extra: Record<string, unknown> = {}): MessageInput => ({ type: 'ledger.credit', payload: { account: 'a', amount: 1 }, ...extra });

describe('queueKindOf', () => {
  it.each([
    ['https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-ConveyorQueue39B9F0E9-AbCdEfGhIjKl.fifo', 'fifo'],
    ['http://127.0.0.1:3001/000000000000/Conveyor-ConveyorQueue39B9F0E9.fifo/', 'fifo'],
    ['https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-ConveyorQueue39B9F0E9-AbCdEfGhIjKl', 'standard'],
    ['http://127.0.0.1:3001/000000000000/fifo-orders', 'standard'],
  ] as const)('%s is %s', (url, kind) => {
    expect(queueKindOf(url)).toBe(kind);
  });

  it('is unknown without a URL', () => {
    expect(queueKindOf(undefined)).toBeUndefined();
    expect(queueKindOf('')).toBeUndefined();
  });
});

describe('withDefaults', () => {
  it('adds a default only where the message has no such field', () => {
    const defaults = { groupId: 'g', delaySeconds: 5 };

    expect(withDefaults(credit(), defaults)).toEqual(credit({ groupId: 'g', delaySeconds: 5 }));
    expect(withDefaults(credit({ groupId: 'own', delaySeconds: 0 }), defaults)).toEqual(credit({ groupId: 'own', delaySeconds: 0 }));
    expect(withDefaults(credit(), {})).toEqual(credit());
  });
});

describe('queueMismatch', () => {
  it('on a FIFO queue, requires a group and refuses a delay', () => {
    expect(queueMismatch(credit(), 'fifo')).toBe('group-required');
    expect(queueMismatch(credit({ groupId: 'g', delaySeconds: 0 }), 'fifo')).toBe('delay-not-supported');
    expect(queueMismatch(credit({ groupId: 'g' }), 'fifo')).toBeUndefined();
  });

  it('checks nothing on a standard queue or an unknown one', () => {
    for (const kind of ['standard', undefined] as const) {
      expect(queueMismatch(credit(), kind)).toBeUndefined();
      expect(queueMismatch(credit({ groupId: 'g', delaySeconds: 900 }), kind)).toBeUndefined();
    }
  });
});
