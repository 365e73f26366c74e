import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FIFO_QUEUE_SUFFIX as FIFO_SUFFIX } from '../../../contract/index.js';
import {
  GENERATED_NAME_RANDOM_LENGTH,
  generatedFifoNameLength,
  MAX_QUEUE_NAME_LENGTH,
  shortFifoQueueName,
} from '../../../infra/constructs/queues.js';
import { testApp } from '../app-factories.js';
import { reportedViolations } from '../nag.js';

/** A valid stack name of exactly `length` characters. */
const stackNameOf = (length: number) => `S${'x'.repeat(length - 1)}`;

interface QueueResource {
  readonly Properties: { readonly QueueName?: string; readonly RedrivePolicy?: unknown };
}

/** Each queue's logical id and QueueName (undefined: CloudFormation generates it), main queue first. */
function queues(template: Template): { logicalId: string; name: string | undefined }[] {
  const entries = Object.entries(template.findResources('AWS::SQS::Queue') as Record<string, QueueResource>);
  const main = (resource: QueueResource) => Number(resource.Properties.RedrivePolicy !== undefined);
  return entries.sort(([, a], [, b]) => main(b) - main(a)).map(([logicalId, resource]) => ({ logicalId, name: resource.Properties.QueueName }));
}

const queueNames = (template: Template) => queues(template).map((queue) => queue.name);

describe('FIFO queue names', () => {
  it('synthesizes a FIFO stack with a 40-character name: every queue name, set or generated, fits SQS\'s 80 characters', () => {
    const stackName = stackNameOf(40);
    const { app, stack, outdir } = testApp({ fifo: 'true', stackName });

    app.synth();
    const [main, deadLetter] = queues(Template.fromStack(stack));

    // The DLQ's generated name would be 90 characters: it is named. The main queue's would be exactly 80: it keeps it.
    expect(generatedFifoNameLength(stackName, deadLetter!.logicalId)).toBe(90);
    expect(deadLetter!.name).toMatch(new RegExp(`^${stackName}-DeadLetterQueue-[0-9a-f]{8}\\.fifo$`));
    expect(deadLetter!.name!.length).toBeLessThanOrEqual(MAX_QUEUE_NAME_LENGTH);
    expect(main!.name).toBeUndefined();
    expect(generatedFifoNameLength(stackName, main!.logicalId)).toBe(MAX_QUEUE_NAME_LENGTH);
    expect(reportedViolations(outdir)).toEqual([]);
  });

  it('names both queues of a FIFO stack with a 60-character name, distinctly', () => {
    const stackName = stackNameOf(60);
    const { stack } = testApp({ fifo: 'true', stackName });

    const [main, deadLetter] = queueNames(Template.fromStack(stack));

    expect(main).toMatch(/-Queue-[0-9a-f]{8}\.fifo$/);
    expect(deadLetter).toMatch(/-DeadLetterQueue-[0-9a-f]{8}\.fifo$/);
    for (const name of [main!, deadLetter!]) {
      expect(name.length).toBeLessThanOrEqual(MAX_QUEUE_NAME_LENGTH);
      expect(name.startsWith(stackName.slice(0, 40))).toBe(true);
    }
  });

  it('keeps the generated names (no QueueName) while they fit: up to a 30-character stack name', () => {
    const fits = testApp({ fifo: 'true', stackName: stackNameOf(30) });
    const tooLong = testApp({ fifo: 'true', stackName: stackNameOf(31) });

    expect(queueNames(Template.fromStack(fits.stack))).toEqual([undefined, undefined]);
    // The DLQ's logical id is the longer one: it is the first to need a name.
    const [queue, deadLetterQueue] = queueNames(Template.fromStack(tooLong.stack));
    expect(queue).toBeUndefined();
    expect(deadLetterQueue).toMatch(/-DeadLetterQueue-[0-9a-f]{8}\.fifo$/);
  });

  it('leaves standard queues to CloudFormation, which shortens their names itself', () => {
    const { stack } = testApp({ stackName: stackNameOf(128) });

    expect(queueNames(Template.fromStack(stack))).toEqual([undefined, undefined]);
  });

  it('gives every stack name up to CloudFormation\'s 128 characters a distinct name that fits', () => {
    const names = [30, 31, 50, 79, 80, 128].flatMap((length) => [
      shortFifoQueueName(stackNameOf(length), 'S/Conveyor/Queue', 'Queue'),
      shortFifoQueueName(stackNameOf(length), 'S/Conveyor/DeadLetterQueue', 'DeadLetterQueue'),
    ]);

    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_QUEUE_NAME_LENGTH);
      expect(name).toMatch(/^[A-Za-z0-9_-]+\.fifo$/);
    }
    expect(new Set(names).size).toBe(names.length);
    // Stack names that differ only past the cut still get different queue names.
    expect(shortFifoQueueName(`${stackNameOf(100)}a`, 'p', 'Queue')).not.toBe(shortFifoQueueName(`${stackNameOf(100)}b`, 'p', 'Queue'));
  });

  it('counts a generated name as <stack>-<logical id>-<12 random>.fifo', () => {
    const name = `Conveyor-ConveyorDeadLetterQueue8EB7107D-${'A'.repeat(GENERATED_NAME_RANDOM_LENGTH)}${FIFO_SUFFIX}`;

    expect(generatedFifoNameLength('Conveyor', 'ConveyorDeadLetterQueue8EB7107D')).toBe(name.length);
  });
});
