import { describe, expect, it } from 'vitest';
import { loadProducerConfig } from '../../../functions/producer/config.js';

describe('loadProducerConfig', () => {
  it('applies the defaults', () => {
    expect(loadProducerConfig({ QUEUE_URL: 'q' })).toEqual({ queueUrl: 'q', fifo: false, maxMessageBytes: 262_144 });
  });

  it('reads every variable', () => {
    expect(loadProducerConfig({ QUEUE_URL: 'q', QUEUE_FIFO: 'true', MAX_MESSAGE_BYTES: '1024' })).toEqual({ queueUrl: 'q', fifo: true, maxMessageBytes: 1024 });
  });

  it.each([
    [{}, /QUEUE_URL is required/],
    [{ QUEUE_URL: 'q', QUEUE_FIFO: 'yes' }, /QUEUE_FIFO must be 'true' or 'false'/],
    [{ QUEUE_URL: 'q', MAX_MESSAGE_BYTES: '1023' }, /MAX_MESSAGE_BYTES must be an integer between 1024 and 1048576/],
    [{ QUEUE_URL: 'q', MAX_MESSAGE_BYTES: '2k' }, /MAX_MESSAGE_BYTES/],
  ])('refuses %j', (env, message) => {
    expect(() => loadProducerConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadProducerConfig(env)).toThrow(message);
  });
});
