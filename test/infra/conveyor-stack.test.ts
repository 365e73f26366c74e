import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConveyorStack, OUTPUT_IDS } from '../../infra/conveyor-stack.js';
import { synthConveyorStack } from './factories.js';

describe('ConveyorStack', () => {
  let stack: ConveyorStack;
  let outputs: Record<string, { Value: unknown }>;
  const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: stack.getLogicalId(construct.node.defaultChild as never) });

  beforeAll(() => {
    const synthesized = synthConveyorStack({ maxReceiveCount: 4 });
    stack = synthesized.stack;
    outputs = synthesized.template.toJSON().Outputs;
  });

  it('has exactly the documented outputs', () => {
    expect(Object.keys(outputs)).toEqual([...OUTPUT_IDS]);
  });

  it('the README lists every output, in order', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const listed = /^Stack outputs: ([^(]*)/m.exec(readme)?.[1]?.match(/`[A-Za-z]+`/g)?.map((name) => name.slice(1, -1));

    expect(listed).toEqual([...OUTPUT_IDS]);
  });

  it('passes conveyor props to the construct', () => {
    expect(stack.conveyor.settings.maxReceiveCount).toBe(4);
  });

  it('ApiUrl is the prod stage URL ending in /', () => {
    const parts = (outputs.ApiUrl!.Value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];

    expect(parts[0]).toBe('https://');
    expect(parts.at(-2)).toEqual(ref(stack.conveyor.api.deploymentStage as never));
    expect(parts.at(-1)).toBe('/');
  });

  it.each([
    ['ApiKeyId', 'apiKey'],
    ['QueueUrl', 'queue'],
    ['DeadLetterQueueUrl', 'deadLetterQueue'],
    ['IdempotencyTableName', 'idempotencyTable'],
    ['AlarmTopicArn', 'alarmTopic'],
  ] as const)('%s refers to the %s', (output, part) => {
    expect(outputs[output]!.Value).toEqual(ref(stack.conveyor[part] as never));
  });

  it('DashboardUrl opens the dashboard in the CloudWatch console of the stack region', () => {
    expect(outputs.DashboardUrl!.Value).toEqual({
      'Fn::Join': [
        '',
        ['https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=', ref(stack.conveyor.dashboard as never)],
      ],
    });
  });
});
