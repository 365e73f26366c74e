import { describe, expect, it } from 'vitest';
import { messageStatus } from '../../../functions/status/message-status.js';

const AT = 1_800_000_000_000;
const ISO = new Date(AT).toISOString();

describe('messageStatus', () => {
  it('answers completed, applied, with when', () => {
    expect(messageStatus('k', { kind: 'completed', completedAt: AT })).toEqual({ id: 'k', status: 'completed', outcome: 'applied', completedAt: ISO });
  });

  it('answers in_progress with the lock\'s expiry', () => {
    expect(messageStatus('k', { kind: 'in-progress', lockExpiresAt: AT })).toEqual({ id: 'k', status: 'in_progress', lockExpiresAt: ISO });
  });

  it('answers dead_lettered with when and why', () => {
    const reason = { code: 'INVALID_PAYLOAD', message: 'bad amount' };

    expect(messageStatus('k', { kind: 'dead-lettered', deadLetteredAt: AT, reason })).toEqual({ id: 'k', status: 'dead_lettered', deadLetteredAt: ISO, reason });
  });

  it('answers unknown for a free key (never seen, expired, or an abandoned lock)', () => {
    expect(messageStatus('k', { kind: 'free' })).toEqual({ id: 'k', status: 'unknown' });
  });
});
