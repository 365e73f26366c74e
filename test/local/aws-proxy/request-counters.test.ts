import { describe, expect, it } from 'vitest';
import { RequestCounters } from '../../../local/aws-proxy/request-counters.js';

describe('RequestCounters', () => {
  it('keys counts by service, operation and caller, with - for no caller', () => {
    // Arrange
    const counters = new RequestCounters();

    // Act
    counters.entry('sqs', 'SendMessage', 'Producer').requests += 2;
    counters.entry('sqs', 'SendMessage', undefined).injected += 1;
    counters.entry('dynamodb', 'PutItem', 'Consumer').requestBytes += 10;

    // Assert
    expect(counters.snapshot()).toEqual({
      sqs: {
        SendMessage: {
          Producer: { requests: 2, errors: 0, injected: 0, requestBytes: 0, responseBytes: 0 },
          '-': { requests: 0, errors: 0, injected: 1, requestBytes: 0, responseBytes: 0 },
        },
      },
      dynamodb: { PutItem: { Consumer: { requests: 0, errors: 0, injected: 0, requestBytes: 10, responseBytes: 0 } } },
    });
  });

  it('snapshots are copies', () => {
    const counters = new RequestCounters();
    const entry = counters.entry('sqs', 'SendMessage', 'Producer');
    entry.requests += 1;

    const snapshot = counters.snapshot();
    entry.requests += 1;

    expect(snapshot.sqs?.SendMessage?.Producer?.requests).toBe(1);
  });

  it('reset zeroes in place: later counts of a request in flight still show', () => {
    // Arrange
    const counters = new RequestCounters();
    const inFlight = counters.entry('dynamodb', 'GetItem', undefined);
    inFlight.requests += 1;

    // Act
    counters.reset();
    const afterReset = counters.snapshot();
    inFlight.responseBytes += 5;

    // Assert
    expect(afterReset).toEqual({});
    expect(counters.snapshot()).toEqual({ dynamodb: { GetItem: { '-': { requests: 0, errors: 0, injected: 0, requestBytes: 0, responseBytes: 5 } } } });
  });
});
