import { describe, expect, it } from 'vitest';
import { CONVEYOR_CONSTRUCT_ERRORS, ConveyorConstructError, type ConveyorConstructErrorCode } from '../../../infra/constructs/errors.js';

describe('ConveyorConstructError', () => {
  it.each(Object.keys(CONVEYOR_CONSTRUCT_ERRORS) as ConveyorConstructErrorCode[])('carries the code %s, the setting, the message and the cause', (code) => {
    // Arrange
    const cause = new Error('root');

    // Act
    const error = new ConveyorConstructError(code, 'batchSize', 'ConveyorQueue: batchSize …', { cause });

    // Assert
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ConveyorConstructError', code, setting: 'batchSize', message: 'ConveyorQueue: batchSize …', cause });
  });
});
