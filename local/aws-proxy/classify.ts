/** Reads what an AWS request is (service, operation, protocol), who made it, and where it goes. */
import type { IncomingHttpHeaders } from 'node:http';

/** The wire protocols the proxy understands; they decide the shape of injected errors. */
export type AwsProtocol = 'dynamodb-json' | 'sqs-json' | 'sqs-query';

/** An identified AWS request. */
export interface AwsOperation {
  readonly service: 'sqs' | 'dynamodb';
  /** e.g. `PutItem`, `SendMessage`. */
  readonly operation: string;
  readonly protocol: AwsProtocol;
}

/** Path prefix that marks a request from a function or the event source mappings: `/_caller/<name>/…`. */
export const CALLER_PREFIX = '/_caller/';

/** Splits `/_caller/<name>/rest?query` into the caller and `/rest?query`; no prefix → caller undefined, URL unchanged. */
export function splitCaller(url: string): { readonly caller: string | undefined; readonly url: string } {
  if (!url.startsWith(CALLER_PREFIX)) return { caller: undefined, url };
  const rest = url.slice(CALLER_PREFIX.length);
  const end = rest.search(/[/?]/);
  const encoded = end === -1 ? rest : rest.slice(0, end);
  const remainder = end === -1 ? '' : rest.slice(end);
  let caller: string;
  try {
    caller = decodeURIComponent(encoded);
  } catch {
    caller = encoded;
  }
  const path = remainder.startsWith('/') ? remainder : `/${remainder}`;
  return { caller: caller || undefined, url: path };
}

const DYNAMODB_TARGET = 'DynamoDB_20120810.';
const SQS_TARGET = 'AmazonSQS.';

/** Identifies a JSON-protocol request by its `x-amz-target` header; undefined when absent or unknown. */
export function fromTarget(target: string | string[] | undefined): AwsOperation | undefined {
  if (typeof target !== 'string') return undefined;
  if (target.startsWith(DYNAMODB_TARGET)) return operation('dynamodb', target.slice(DYNAMODB_TARGET.length), 'dynamodb-json');
  if (target.startsWith(SQS_TARGET)) return operation('sqs', target.slice(SQS_TARGET.length), 'sqs-json');
  return undefined;
}

/** True when the request may be SQS's query protocol, so its body must be read to find `Action`. */
export function mayBeQueryProtocol(headers: IncomingHttpHeaders, url: string): boolean {
  const contentType = headers['content-type'];
  return (typeof contentType === 'string' && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) || /[?&]Action=/.test(url);
}

/** Identifies an SQS query-protocol request by `Action=<Op>` in the form body or the query string. */
export function fromQuery(body: Buffer, url: string): AwsOperation | undefined {
  const queryStart = url.indexOf('?');
  const action =
    new URLSearchParams(body.toString('utf8')).get('Action') ?? (queryStart === -1 ? null : new URLSearchParams(url.slice(queryStart + 1)).get('Action'));
  return action ? operation('sqs', action, 'sqs-query') : undefined;
}

/** The region a SigV4 `Authorization` header was signed for (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
export function regionOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const start = authorization.indexOf('Credential=');
  if (start === -1) return undefined;
  const scope = authorization.slice(start + 'Credential='.length).split(/[,\s]/, 1)[0]?.split('/');
  return scope && scope.length >= 5 ? scope[2] : undefined;
}

function operation(service: AwsOperation['service'], name: string, protocol: AwsProtocol): AwsOperation | undefined {
  return /^[A-Za-z0-9]+$/.test(name) ? { service, operation: name, protocol } : undefined;
}
