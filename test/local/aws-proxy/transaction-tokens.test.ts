import { describe, expect, it } from 'vitest';
import { TOKEN_TTL_MS, TransactionTokens } from '../../../local/aws-proxy/transaction-tokens.js';

const body = Buffer.from('{}');

/** Tokens on a clock the test moves. */
function tokens() {
  let now = 1_000;
  return { store: new TransactionTokens(() => now), advance: (ms: number) => (now += ms) };
}

describe('TransactionTokens', () => {
  it('answers a committed token with its response for 10 minutes, then forgets it', () => {
    // Arrange
    const { store, advance } = tokens();
    store.begin('t', 'f');
    store.commit('t', body);

    // Act
    const within = store.begin('t', 'f');
    advance(TOKEN_TTL_MS);
    const after = store.begin('t', 'f');

    // Assert
    expect(within).toEqual({ state: 'committed', body });
    expect(after).toEqual({ state: 'new' });
  });

  it('keeps a committed response in memory of its own, not in the shared pool slab the response was cut from', () => {
    const { store } = tokens();
    const pooled = Buffer.from('{"small":true}');
    store.begin('t', 'f');
    store.commit('t', pooled);

    const lookup = store.begin('t', 'f');

    const kept = lookup.state === 'committed' ? lookup.body : Buffer.alloc(0);
    expect(kept.toString()).toBe(pooled.toString());
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    expect(kept.buffer.byteLength).toBe(kept.length);
  });

  it('tells a request with other entries (mismatch) and one still running (in progress)', () => {
    const { store } = tokens();

    store.begin('t', 'f');

    expect(store.begin('t', 'f')).toEqual({ state: 'in-progress' });
    expect(store.begin('t', 'other')).toEqual({ state: 'mismatch' });
  });

  it('forgets an abandoned (not committed) token, so a retry runs again', () => {
    const { store } = tokens();
    store.begin('t', 'f');

    store.abandon('t');

    expect(store.begin('t', 'f')).toEqual({ state: 'new' });
  });
});
