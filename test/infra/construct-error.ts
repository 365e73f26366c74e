import { expect } from 'vitest';
import type { ConveyorConstructErrorCode } from '../../infra/constructs/errors.js';

/** Matches a `ConveyorConstructError` with `code` about `setting` (a prop or a context key); for `toThrow`. */
export function constructError(code: ConveyorConstructErrorCode, setting: string) {
  return expect.objectContaining({ name: 'ConveyorConstructError', code, setting });
}
