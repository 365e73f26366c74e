import { Token } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource, type SqsEventSourceProps } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { BooleanSetting, IntegerSetting, StringSetting } from '../../contract/index.js';

/**
 * "Grant and wire together": each helper grants a function access to one
 * resource and sets the environment variable that names it, so a function can
 * never know a resource it may not use, nor be allowed one it does not know.
 * Variable names come from the function's environment schema in the contract
 * (`contract/environment.ts`), which the function parses its config with.
 */

/** Allows `fn` to send to `queue` (SendMessage, GetQueueAttributes, GetQueueUrl) and sets `setting`'s variable to the queue URL. */
export function bindQueueSender(fn: lambda.Function, setting: StringSetting, queue: sqs.IQueue): void {
  queue.grantSendMessages(fn);
  fn.addEnvironment(setting.name, queue.queueUrl);
}

/**
 * Subscribes `fn` to `queue` with an SQS event source (which grants
 * ReceiveMessage, ChangeMessageVisibility, DeleteMessage and GetQueueAttributes)
 * and sets `setting`'s variable to the queue URL.
 */
export function bindQueueConsumer(fn: lambda.Function, setting: StringSetting, queue: sqs.IQueue, options: SqsEventSourceProps): void {
  fn.addEventSource(new SqsEventSource(queue, options));
  fn.addEnvironment(setting.name, queue.queueUrl);
}

/** Allows `fn`, which consumes `queue`, to send to it too: the delayed copies of the messages it retries. */
export function bindQueueRetries(fn: lambda.Function, queue: sqs.IQueue): void {
  queue.grantSendMessages(fn);
}

/** Allows `fn` exactly `actions` on `table` and sets `setting`'s variable to the table name. */
export function bindTable(fn: lambda.Function, setting: StringSetting, table: dynamodb.ITable, ...actions: string[]): void {
  table.grant(fn, ...actions);
  fn.addEnvironment(setting.name, table.tableName);
}

/** `{ <variable>: <value> }` for a boolean or integer setting, keeping unresolved tokens as string tokens. */
export function settingVariable(setting: BooleanSetting | IntegerSetting, value: boolean | number): Record<string, string> {
  return { [setting.name]: typeof value === 'boolean' ? String(value) : numberEnv(value) };
}

/** Renders a number for an environment variable, keeping unresolved tokens as string tokens. */
export function numberEnv(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}
