import { describe, expect, it } from 'vitest';
import { ConveyorConstructError, ConveyorPropsError, UnknownConveyorPropError } from '../../../infra/constructs/errors.js';

describe('ConveyorConstructError', () => {
  it('passes the cause', () => {
    const cause = new Error('root');

    const error = new ConveyorConstructError('failed', { cause });

    expect([error.name, error.cause]).toEqual(['ConveyorConstructError', cause]);
  });
});

describe('ConveyorPropsError', () => {
  it('is a ConveyorConstructError carrying the prop', () => {
    const error = new ConveyorPropsError('batchSize', 'ConveyorQueue: batchSize …');

    expect(error).toBeInstanceOf(ConveyorConstructError);
    expect([error.name, error.prop]).toEqual(['ConveyorPropsError', 'batchSize']);
  });
});

describe('UnknownConveyorPropError', () => {
  it('is a ConveyorPropsError naming the key and the known props', () => {
    const error = new UnknownConveyorPropError('fifoo', ['fifo']);

    expect(error).toBeInstanceOf(ConveyorPropsError);
    expect([error.name, error.prop, error.message]).toEqual(['UnknownConveyorPropError', 'fifoo', 'ConveyorQueue: unknown prop fifoo; known props are fifo']);
  });
});
