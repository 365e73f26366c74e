/** The messages the ceiling sends: valid `ledger.credit` envelopes of a chosen size. */
import { type Envelope, serializeEnvelope } from '../../functions/shared/envelope.js';

/** Options of {@link createEnvelopeFactory}. */
export interface EnvelopeFactoryOptions {
  /** Makes the run's idempotency keys unique: `[A-Za-z0-9]`, a few characters. */
  readonly runTag: string;
  /** Distinct accounts the messages are spread over. */
  readonly accounts: number;
  /** Target size of one serialized envelope, in bytes; reached by lengthening the idempotency key. */
  readonly messageBytes: number;
  /** @default Date.now */
  readonly clock?: () => number;
}

/** Width the sequence number is padded to, so every envelope of a run has the same size. */
const SEQ_DIGITS = 10;
/** API Gateway API key ids are 10 characters; the producer scopes keys by it. */
const SCOPE = 'ceil0bench';
/** Longest idempotency key and scope (`IDEMPOTENCY_KEY_PATTERN`). */
const MAX_KEY_LENGTH = 128;

/**
 * Returns a function that serializes message number `seq` of the run, the way the producer does
 * (`serializeEnvelope`): a `ledger.credit` of 10–99 cents to one of `accounts` accounts (spread by
 * a multiplicative hash, so accounts repeat as under random load), with a unique idempotency key.
 * Every envelope has the same size: `messageBytes`, reached by lengthening the key, then the
 * scope, as far as they go (about 380 bytes in all).
 */
export function createEnvelopeFactory(options: EnvelopeFactoryOptions): (seq: number) => string {
  const clock = options.clock ?? Date.now;
  const build = (seq: number, keyFill: string, scopeFill: string): Envelope => ({
    v: 1,
    id: `${options.runTag}-${String(seq).padStart(SEQ_DIGITS, '0')}${keyFill}`,
    type: 'ledger.credit',
    payload: { account: accountOf(seq, options.accounts), amount: 10 + (seq % 90) },
    acceptedAt: clock(),
    scope: `${SCOPE}${scopeFill}`,
  });
  const bare = build(0, '', '');
  let missing = Math.max(0, options.messageBytes - Buffer.byteLength(serializeEnvelope(bare), 'utf8'));
  const keyFill = 'k'.repeat(Math.min(missing, MAX_KEY_LENGTH - bare.id.length));
  missing -= keyFill.length;
  const scopeFill = 's'.repeat(Math.min(missing, MAX_KEY_LENGTH - (bare.scope ?? '').length));
  return (seq) => serializeEnvelope(build(seq, keyFill, scopeFill));
}

/** The account message `seq` credits: `acct-<n>` with n in 0..accounts-1, zero-padded to 6 digits. */
export function accountOf(seq: number, accounts: number): string {
  return `acct-${String((Math.imul(seq, 2_654_435_761) >>> 0) % accounts).padStart(6, '0')}`;
}
