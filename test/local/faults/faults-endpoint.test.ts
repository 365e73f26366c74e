import { describe, expect, it } from 'vitest';
import { FaultStore } from '../../../local/faults/fault-store.js';
import { handleFaultsRequest } from '../../../local/faults/faults-endpoint.js';
import { crashRule, latencyRule, throttleRule } from './factories.js';

const json = (value: unknown) => JSON.stringify(value);

describe('handleFaultsRequest', () => {
  it('GET lists the rules', () => {
    const store = new FaultStore({ rules: [throttleRule(), crashRule()] });

    const response = handleFaultsRequest(store, 'GET', undefined);

    expect(response).toEqual({ status: 200, body: { rules: [throttleRule(), crashRule()] } });
  });

  it('POST replaces every rule with one rule', () => {
    const store = new FaultStore({ rules: [throttleRule()] });

    const response = handleFaultsRequest(store, 'POST', json(latencyRule(5)));

    expect(response).toEqual({ status: 200, body: { rules: [latencyRule(5)] } });
    expect(store.list()).toEqual([latencyRule(5)]);
  });

  it('POST replaces every rule with an array', () => {
    const store = new FaultStore({ rules: [throttleRule()] });

    handleFaultsRequest(store, 'post', json([latencyRule(5), crashRule()]));

    expect(store.list()).toEqual([latencyRule(5), crashRule()]);
  });

  it('PATCH adds rules', () => {
    const store = new FaultStore({ rules: [throttleRule()] });

    const response = handleFaultsRequest(store, 'PATCH', json([crashRule()]));

    expect(response.body).toEqual({ rules: [throttleRule(), crashRule()] });
  });

  it('DELETE with a body removes those rules', () => {
    const store = new FaultStore({ rules: [throttleRule(), crashRule()] });

    const response = handleFaultsRequest(store, 'DELETE', json(throttleRule()));

    expect(response).toEqual({ status: 200, body: { rules: [crashRule()] } });
  });

  it.each([undefined, '', '  \n'])('DELETE with an empty body (%j) clears all', (body) => {
    const store = new FaultStore({ rules: [throttleRule(), crashRule()] });

    const response = handleFaultsRequest(store, 'DELETE', body);

    expect(response).toEqual({ status: 200, body: { rules: [] } });
  });

  it.each([
    ['invalid JSON', 'POST', '{"service": ', /not valid JSON/],
    ['an invalid rule', 'POST', json([throttleRule(), { service: 'sqs', latencyMs: 1e9 }]), /rules\[1\]\.latencyMs must be <= 60000/],
    ['an invalid rule to add', 'PATCH', json({ service: 'lambda' }), /at least one of crash, latencyMs/],
    ['an invalid rule to remove', 'DELETE', json({ service: 's3', latencyMs: 1 }), /service must be one of/],
    ['an empty POST', 'POST', '', /must be a fault rule or an array/],
  ])('answers 400 INVALID_FAULT_RULE to %s and changes nothing', (_name, method, body, message) => {
    // Arrange
    const store = new FaultStore({ rules: [throttleRule()] });

    // Act
    const response = handleFaultsRequest(store, method, body);

    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'INVALID_FAULT_RULE', message: expect.stringMatching(message) } });
    expect(store.list()).toEqual([throttleRule()]);
  });

  it.each(['PUT', 'HEAD', 'OPTIONS'])('answers 405 to %s', (method) => {
    const store = new FaultStore({ rules: [throttleRule()] });

    const response = handleFaultsRequest(store, method, json(crashRule()));

    expect(response).toEqual({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining(method) } } });
    expect(store.list()).toEqual([throttleRule()]);
  });
});
