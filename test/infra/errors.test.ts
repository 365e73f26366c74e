import { describe, expect, it } from 'vitest';
import { ConveyorContextError, UnknownContextKeyError } from '../../infra/errors.js';

describe('ConveyorContextError', () => {
  it('carries the key, a name and the cause', () => {
    const cause = new Error('root');

    const error = new ConveyorContextError('batchSize', 'bad', { cause });

    expect([error.name, error.key, error.message, error.cause]).toEqual(['ConveyorContextError', 'batchSize', 'bad', cause]);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('UnknownContextKeyError', () => {
  it('is a ConveyorContextError listing the known keys', () => {
    const error = new UnknownContextKeyError('fifoo', ['fifo', 'batchSize']);

    expect(error).toBeInstanceOf(ConveyorContextError);
    expect(error.name).toBe('UnknownContextKeyError');
    expect(error.message).toBe('Unknown context key "fifoo". Conveyor reads: fifo, batchSize');
  });
});
