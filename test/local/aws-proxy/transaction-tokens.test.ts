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
