import { describe, expect, it } from 'vitest';
import { loadProducerConfig } from '../../../functions/producer/config.js';

const ROUTES = {
  'ledger.credit': [{ queue: 'ledger', queueUrl: 'q', fifo: false }],
  'orders.place': [{ queue: 'orders', queueUrl: 'o.fifo', fifo: true }, { queue: 'audit', queueUrl: 'a', fifo: false }],
};
const MESSAGE_ROUTES = JSON.stringify(ROUTES);

describe('loadProducerConfig', () => {
  it('applies the defaults', () => {
    expect(loadProducerConfig({ MESSAGE_ROUTES })).toEqual({ routes: ROUTES, maxMessageBytes: 262_144 });
  });

  it('reads every variable', () => {
    expect(loadProducerConfig({ MESSAGE_ROUTES, MAX_MESSAGE_BYTES: '1024' })).toEqual({ routes: ROUTES, maxMessageBytes: 1024 });
  });

  it.each([
    [{}, /MESSAGE_ROUTES is required/],
    [{ MESSAGE_ROUTES: 'ledger' }, /MESSAGE_ROUTES must be JSON/],
    [{ MESSAGE_ROUTES: '"ledger"' }, /MESSAGE_ROUTES must be a JSON object/],
    [{ MESSAGE_ROUTES: '{"ledger.credit":[{"queue":"ledger","queueUrl":"q","fifo":"no"}]}' }, /MESSAGE_ROUTES entry ledger.credit\[0\].fifo must be a boolean/],
    [{ MESSAGE_ROUTES: '{"ledger.credit":{"queue":"ledger","queueUrl":"q","fifo":false}}' }, /MESSAGE_ROUTES entry ledger.credit must be a non-empty array/],
    [{ MESSAGE_ROUTES: '{"ledger.credit":[]}' }, /MESSAGE_ROUTES entry ledger.credit must be a non-empty array/],
    [{ MESSAGE_ROUTES, MAX_MESSAGE_BYTES: '1023' }, /MAX_MESSAGE_BYTES must be an integer between 1024 and 1048576/],
    [{ MESSAGE_ROUTES, MAX_MESSAGE_BYTES: '2k' }, /MAX_MESSAGE_BYTES/],
  ])('refuses %j', (env, message) => {
    expect(() => loadProducerConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadProducerConfig(env)).toThrow(message);
  });
});
