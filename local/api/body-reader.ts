import type { IncomingMessage } from 'node:http';

/** API Gateway's payload limit for REST APIs: 10 MB (10,485,760 bytes). */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Past this many bytes beyond the limit the gateway stops draining an oversized body and drops the
 * connection: a client streaming without end gets no answer rather than an unbounded read.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** A request body as read with a size cap. */
export type BodyReadResult =
  /** The whole body arrived within the limit. */
  | { readonly kind: 'complete'; readonly body: Buffer }
  /** The body is larger than the limit; it was drained and discarded (`bytes` counts what arrived). */
  | { readonly kind: 'too-large'; readonly bytes: number }
  /** The client went away, or sent more than the drain allowance, before the body ended. */
  | { readonly kind: 'aborted' };

/**
 * Reads a request body, buffering at most `limit` bytes. Past the limit the rest is drained and
 * discarded so that the client, still writing, can read the answer; past `limit + drainLimit` the
 * request is destroyed. Never rejects.
 */
export function readBody(
  req: IncomingMessage,
  limit: number = MAX_REQUEST_BODY_BYTES,
  drainLimit: number = MAX_DRAIN_BYTES,
): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const settle = (result: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
      if (bytes > limit + drainLimit) {
        settle({ kind: 'aborted' });
        req.destroy();
      }
    };
    const onEnd = (): void => settle(bytes > limit ? { kind: 'too-large', bytes } : { kind: 'complete', body: Buffer.concat(chunks, bytes) });
    const onClose = (): void => {
      if (!req.complete) settle({ kind: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    // A socket error surfaces as 'error' then 'close'; without a listener it would be thrown.
    req.on('error', () => undefined);
  });
}
