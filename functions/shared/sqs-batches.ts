import { SQS_BATCH_MAX_BYTES, SQS_BATCH_MAX_ENTRIES } from '../../contract/index.js';

/**
 * Packs items, in order, into chunks of at most {@link SQS_BATCH_MAX_ENTRIES} entries and
 * {@link SQS_BATCH_MAX_BYTES} bytes.
 */
export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxEntries = SQS_BATCH_MAX_ENTRIES, maxBytes = SQS_BATCH_MAX_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length === maxEntries || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
