import { beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_ENVIRONMENT, type EnvironmentSchema, MAX_RECEIVE_COUNT, POWERTOOLS_ENVIRONMENT, PRODUCER_ENVIRONMENT, STATUS_ENVIRONMENT } from '../../contract/index.js';
import { loadConsumerConfig } from '../../functions/consumer/config.js';
import { loadProducerConfig } from '../../functions/producer/config.js';
import { loadStatusConfig } from '../../functions/status/config.js';
import { propertiesOf, synthConveyor, type SynthesizedConveyor } from '../infra/factories.js';

/**
 * A function's environment as synthesized, each unresolved reference replaced by a placeholder
 * string (inside an `Fn::Join`, such as a JSON map's, too).
 */
function environmentOf(s: SynthesizedConveyor, fn: 'producer' | 'consumer' | 'status'): Record<string, string> {
  const variables = (propertiesOf(s, s.conveyor[fn]).Environment as { Variables: Record<string, unknown> }).Variables;
  const resolve = (name: string, value: unknown): string => {
    if (typeof value === 'string') return value;
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    return join === undefined ? `<${name}>` : join[1].map((part) => resolve(name, part)).join(join[0]);
  };
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(name, value)]));
}

const names = (schema: EnvironmentSchema) => Object.values(schema).map((setting) => setting.name);

describe('each function\'s environment schema', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  beforeAll(() => {
    defaults = synthConveyor();
    custom = synthConveyor({ fifo: true, maxReceiveCount: 7, maxMessageBytes: 2048 });
  });

  it.each([
    ['producer', PRODUCER_ENVIRONMENT, [POWERTOOLS_ENVIRONMENT.serviceName, POWERTOOLS_ENVIRONMENT.metricsNamespace, POWERTOOLS_ENVIRONMENT.logLevel]],
    ['consumer', CONSUMER_ENVIRONMENT, [POWERTOOLS_ENVIRONMENT.serviceName, POWERTOOLS_ENVIRONMENT.metricsNamespace, POWERTOOLS_ENVIRONMENT.logLevel]],
    ['status', STATUS_ENVIRONMENT, [POWERTOOLS_ENVIRONMENT.serviceName, POWERTOOLS_ENVIRONMENT.logLevel]],
  ] as const)('is what the construct gives the %s: its variables and Powertools\', no other', (fn, schema, powertools) => {
    expect(Object.keys(environmentOf(defaults, fn)).sort()).toEqual([...names(schema), ...powertools].sort());
  });

  it('parses to the construct\'s settings in each function, as synthesized', () => {
    expect(loadProducerConfig(environmentOf(custom, 'producer'))).toMatchObject({
      routes: { 'ledger.credit': [{ queue: 'ledger', queueUrl: '<MESSAGE_ROUTES>', fifo: true }] },
      maxMessageBytes: 2048,
    });
    expect(loadConsumerConfig(environmentOf(custom, 'consumer'))).toMatchObject({
      queueName: 'ledger',
      fifo: true,
      maxReceiveCount: 7,
      tables: { ledger: { tableName: '<MESSAGE_TABLES>', partitionKey: 'account' } },
    });
    expect(loadStatusConfig(environmentOf(custom, 'status')).idempotencyTableName).toBeTruthy();
  });

  it('refuses what the construct would refuse, naming the variable and the same range', () => {
    const env = { ...environmentOf(defaults, 'consumer'), [CONSUMER_ENVIRONMENT.maxReceiveCount.name]: String(MAX_RECEIVE_COUNT.max + 1) };

    expect(() => loadConsumerConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadConsumerConfig(env)).toThrow(`MAX_RECEIVE_COUNT must be an integer between ${MAX_RECEIVE_COUNT.min} and ${MAX_RECEIVE_COUNT.max}`);
    expect(() => synthConveyor({ maxReceiveCount: MAX_RECEIVE_COUNT.max + 1 })).toThrow(`maxReceiveCount must be an integer between ${MAX_RECEIVE_COUNT.min} and ${MAX_RECEIVE_COUNT.max}`);
  });
});
