/** AWS-shaped error responses, in the wire format the SDK expects for each protocol. */
import { randomUUID } from 'node:crypto';
import type { AwsProtocol } from './classify.js';

/** A complete HTTP response. */
export interface AwsErrorResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body: Buffer;
}

const JSON_TYPE_PREFIX: Record<Exclude<AwsProtocol, 'sqs-query'>, string> = {
  'dynamodb-json': 'com.amazonaws.dynamodb.v20120810#',
  'sqs-json': 'com.amazonaws.sqs#',
};

/**
 * Builds the response AWS would send for error `code`:
 * - DynamoDB (JSON 1.0): `{"__type":"com.amazonaws.dynamodb.v20120810#<code>","message":…}`.
 * - SQS JSON: `{"__type":"com.amazonaws.sqs#<code>","message":…}` plus `x-amzn-query-error: <code>;Sender`
 *   (`Receiver` for 5xx), which the SDK uses for query-compatible error codes.
 * - SQS query: an XML `ErrorResponse`.
 * - `undefined` (service unknown): `{"__type":"<code>","message":…}` as JSON 1.0.
 *
 * `fields` are added to a JSON body (e.g. `CancellationReasons` of a `TransactionCanceledException`).
 */
export function awsErrorResponse(
  protocol: AwsProtocol | undefined,
  code: string,
  statusCode: number,
  message: string,
  fields: Readonly<Record<string, unknown>> = {},
): AwsErrorResponse {
  const requestId = randomUUID();
  const fault = statusCode >= 500 ? 'Receiver' : 'Sender';
  if (protocol === 'sqs-query') {
    const body = Buffer.from(
      '<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
        `<Error><Type>${fault}</Type><Code>${xml(code)}</Code><Message>${xml(message)}</Message><Detail/></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
    return { statusCode, headers: { 'content-type': 'text/xml', 'content-length': body.length, 'x-amzn-requestid': requestId }, body };
  }
  const type = protocol ? JSON_TYPE_PREFIX[protocol] + code : code;
  const body = Buffer.from(JSON.stringify({ __type: type, message, ...fields }));
  return {
    statusCode,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': body.length,
      'x-amzn-requestid': requestId,
      ...(protocol === 'sqs-json' ? { 'x-amzn-query-error': `${code};${fault}` } : {}),
    },
    body,
  };
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
