import { describe, expect, it } from 'vitest';
import { chunkBySize } from '../../../functions/shared/sqs-batches.js';

describe('chunkBySize', () => {
  it('cuts at ten entries', () => {
    expect(chunkBySize(Array.from({ length: 25 }, (_, index) => index), () => 1).map((chunk) => chunk.length)).toEqual([10, 10, 5]);
  });

  it('cuts before a chunk would pass the byte limit, keeping order', () => {
    expect(chunkBySize([400, 400, 400, 100, 900], (size) => size, 10, 1000)).toEqual([[400, 400], [400, 100], [900]]);
  });

  it('gives an item over the limit a chunk of its own', () => {
    expect(chunkBySize([10, 2000, 10], (size) => size, 10, 1000)).toEqual([[10], [2000], [10]]);
  });
});
