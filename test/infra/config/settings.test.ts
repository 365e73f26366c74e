import { Duration } from 'aws-cdk-lib';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ConveyorConfig, defineConfig, type QueueSettings, SETTING_KEYS, type StackSettings } from '../../../infra/config/index.js';
import { CONVEYOR_QUEUE_PROP_KEYS, type ConveyorQueueProps } from '../../../infra/constructs/conveyor-queue-props.js';
import { PROP_SPECS } from '../../../infra/constructs/prop-specs.js';

describe('SETTING_KEYS', () => {
  it('puts every prop in the list of its scope, once, in table order', () => {
    expect(SETTING_KEYS.queue).toEqual(CONVEYOR_QUEUE_PROP_KEYS.filter((prop) => PROP_SPECS[prop].scope === 'queue'));
    expect(SETTING_KEYS.stack).toEqual(CONVEYOR_QUEUE_PROP_KEYS.filter((prop) => PROP_SPECS[prop].scope === 'stack'));
    expect([...SETTING_KEYS.queue, ...SETTING_KEYS.stack].sort()).toEqual([...CONVEYOR_QUEUE_PROP_KEYS].sort());
  });
});

describe('QueueSettings and StackSettings', () => {
  it('split ConveyorQueueProps in two, with its names and types, every one optional', () => {
    expectTypeOf<keyof QueueSettings | keyof StackSettings>().toEqualTypeOf<keyof ConveyorQueueProps>();
    expectTypeOf<Extract<keyof QueueSettings, keyof StackSettings>>().toBeNever();
    expectTypeOf<QueueSettings & StackSettings>().toExtend<ConveyorQueueProps>();
    expectTypeOf<ConveyorQueueProps>().toExtend<QueueSettings & StackSettings>();
    expectTypeOf({}).toExtend<QueueSettings & StackSettings>();
  });
});

describe('defineConfig', () => {
  it('returns the config it is given', () => {
    const config: ConveyorConfig = { stack: { alarmEmail: 'ops@example.com' }, queues: { ledger: { retryBudget: Duration.hours(1) } } };

    expect(defineConfig(config)).toBe(config);
  });

  it('types the settings (checked by tsc)', () => {
    // @ts-expect-error an unknown setting
    defineConfig({ queues: { ledger: { batchsize: 5 } } });
    // @ts-expect-error a stack-wide setting under a queue
    defineConfig({ queues: { ledger: { apiRateLimit: 5 } } });
    // @ts-expect-error a duration given as a number
    defineConfig({ queues: { ledger: { retryBudget: 3600 } } });
    // @ts-expect-error the queues are required
    defineConfig({ stack: {} });

    expect(SETTING_KEYS.stack).toContain('apiRateLimit');
  });
});
