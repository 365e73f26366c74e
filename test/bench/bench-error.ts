import { expect } from 'vitest';
import type { BenchErrorCode } from '../../bench/errors.js';

/**
 * Matches a `BenchError` with `code` whose message, when `subject` is given, names it (the
 * option, key or series at fault); for `toThrow` and `rejects.toThrow`.
 */
export function benchError(code: BenchErrorCode, subject?: string) {
  return expect.objectContaining({ name: 'BenchError', code, ...(subject === undefined ? {} : { message: expect.stringContaining(subject) }) });
}
