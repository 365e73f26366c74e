import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

/**
 * Hash of a message's type and payload, independent of the payload's key order, so a client that
 * re-sends the same message with its fields reordered is still recognised as a duplicate.
 */
export function payloadHash(type: string, payload: unknown): string {
  return createHash('sha256').update(type).update('\n').update(stringify(payload) ?? 'null').digest('base64url');
}
