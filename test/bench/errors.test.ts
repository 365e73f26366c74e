import { describe, expect, it } from 'vitest';
import { BENCH_ERRORS, BenchError, type BenchErrorCode } from '../../bench/errors.js';

describe('BenchError', () => {
  it.each(Object.keys(BENCH_ERRORS) as BenchErrorCode[])('carries the code %s, its message and its cause', (code) => {
    // Arrange
    const cause = new Error('underlying');

    // Act
    const error = new BenchError(code, 'detail', { cause });

    // Assert
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'BenchError', code, message: 'detail', cause });
  });
});
