/** Options of the AWS proxy, validated in one place. */
import type { FaultPolicy } from '../faults/decisions.js';
import { NO_FAULTS } from '../faults/decisions.js';
import { AwsProxyOptionsError } from '../errors.js';

/** Base URLs of the emulators the proxy forwards to, e.g. `http://127.0.0.1:4566`. */
export interface AwsProxyUpstreams {
  /** SQS (fauxqs). */
  readonly sqs: string;
  /** DynamoDB (dynalite). */
  readonly dynamodb: string;
}

/** Options of `createAwsProxy`. */
export interface AwsProxyOptions {
  /** Where each service's requests go. */
  readonly upstream: AwsProxyUpstreams;
  /** Decides injected latency and errors per request. @default NO_FAULTS */
  readonly faults?: FaultPolicy;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /**
   * Execute DynamoDB transactions (and lock single-item requests against them) in the proxy, for
   * upstreams without transactions such as dynalite. Turn off for an upstream that has them
   * (LocalStack): every request is then forwarded as it is. @default true
   */
  readonly emulateTransactions?: boolean;
  /**
   * Path of the transaction journal file (created when missing), for an upstream that keeps its
   * tables on disk: emulated transactions record their items' prior images there before writing,
   * and `createAwsProxy` rolls back the ones a crash interrupted before it serves anything. Needs
   * `emulateTransactions`. @default undefined: no journal, a crash may leave a transaction half-applied
   */
  readonly transactionJournal?: string;
}

/** A parsed upstream: where to connect and the path prefix to put before every request path. */
export interface Upstream {
  readonly hostname: string;
  readonly port: number;
  /** The base URL's path without its trailing slash (usually ''). */
  readonly basePath: string;
}

/** {@link AwsProxyOptions} with defaults applied and URLs parsed. */
export interface ResolvedAwsProxyOptions {
  readonly upstream: { readonly sqs: Upstream; readonly dynamodb: Upstream };
  readonly faults: FaultPolicy;
  readonly port: number;
  readonly emulateTransactions: boolean;
  readonly transactionJournal: string | undefined;
}

const OPTION_KEYS = new Set(['upstream', 'faults', 'port', 'emulateTransactions', 'transactionJournal']);
const UPSTREAM_KEYS = new Set(['sqs', 'dynamodb']);

/** Validates and resolves options. @throws AwsProxyOptionsError naming the option. */
export function resolveAwsProxyOptions(options: AwsProxyOptions): ResolvedAwsProxyOptions {
  if (typeof options !== 'object' || options === null) throw new AwsProxyOptionsError('AWS proxy options must be an object');
  rejectUnknown(options, OPTION_KEYS, '');
  const { upstream, faults = NO_FAULTS, port = 0, emulateTransactions = true, transactionJournal } = options;
  if (typeof upstream !== 'object' || upstream === null) {
    throw new AwsProxyOptionsError('upstream must be { sqs: string, dynamodb: string } (base URLs)');
  }
  rejectUnknown(upstream, UPSTREAM_KEYS, 'upstream.');
  // `port` is the runtime's `awsPort`, checked once by resolveRuntimeOptions; not checked again here.
  if (typeof emulateTransactions !== 'boolean') throw new AwsProxyOptionsError(`emulateTransactions must be a boolean (got ${String(emulateTransactions)})`);
  if (typeof faults?.forAwsCall !== 'function') throw new AwsProxyOptionsError('faults must implement FaultPolicy (forAwsCall)');
  if (transactionJournal !== undefined && (typeof transactionJournal !== 'string' || transactionJournal.trim() === '')) {
    throw new AwsProxyOptionsError(`transactionJournal must be a file path (got ${JSON.stringify(transactionJournal)})`);
  }
  if (transactionJournal !== undefined && !emulateTransactions) {
    throw new AwsProxyOptionsError('transactionJournal needs emulateTransactions: only the transactions the proxy runs itself are journaled');
  }
  return {
    upstream: { sqs: parseUpstream(upstream.sqs, 'upstream.sqs'), dynamodb: parseUpstream(upstream.dynamodb, 'upstream.dynamodb') },
    faults,
    port,
    emulateTransactions,
    transactionJournal,
  };
}

function rejectUnknown(value: object, allowed: ReadonlySet<string>, prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new AwsProxyOptionsError(`unknown option ${prefix}${key} (allowed: ${[...allowed].map((k) => prefix + k).join(', ')})`);
  }
}

function parseUpstream(value: unknown, name: string): Upstream {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch (error) {
    throw new AwsProxyOptionsError(`${name} must be an http:// base URL (got ${JSON.stringify(value)})`, { cause: error });
  }
  if (typeof value !== 'string' || url.protocol !== 'http:') {
    throw new AwsProxyOptionsError(`${name} must be an http:// base URL (got ${JSON.stringify(value)})`);
  }
  return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), basePath: url.pathname.replace(/\/+$/, '') };
}
