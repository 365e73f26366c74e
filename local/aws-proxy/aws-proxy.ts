/**
 * The local AWS endpoint: one HTTP server on 127.0.0.1 in front of the SQS and DynamoDB emulators.
 * It identifies each request, applies the fault policy, forwards the rest unchanged over keep-alive
 * connections and counts everything per service, operation and caller.
 *
 * DynamoDB's `TransactWriteItems`/`TransactGetItems` are not forwarded: the proxy runs them itself
 * (dynamodb-transactions.ts), and the single-item and batch item requests take the same item locks,
 * so that they never interleave with a transaction. The calls the proxy makes for a transaction are
 * neither counted nor subject to the fault rules; the transaction itself is, once. With a
 * transaction journal, the transactions a crash interrupted are rolled back before the proxy listens.
 */
import { Agent, createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegionalAwsCall } from '../faults/rules.js';
import { awsErrorResponse } from './aws-errors.js';
import { type AwsOperation, type AwsProtocol, fromQuery, fromTarget, mayBeQueryProtocol, regionOf, splitCaller } from './classify.js';
import { DynamoDbService } from './dynamodb-service.js';
import { dynamoDbCaller, withoutHopByHop } from './dynamodb-upstream.js';
import { EMULATOR_DYNAMODB_SERVICE, type RequestCountEntry, RequestCounters } from './request-counters.js';
import { AwsProxyListenError } from '../errors.js';
import { type AwsProxyOptions, resolveAwsProxyOptions, type Upstream } from './options.js';
import { TransactionJournal } from './transaction-journal.js';

/** A running AWS proxy. */
export interface AwsProxy {
  /** `http://127.0.0.1:<port>`: the endpoint for SDK clients; append `/_caller/<name>` to name the caller. */
  readonly url: string;
  readonly port: number;
  /** Requests seen so far. */
  readonly counters: RequestCounters;
  /**
   * Stops listening, drops open connections and pending delays, lets transactions and locked writes
   * in progress finish (up to 5 s), and closes the upstream connections and the transaction journal.
   */
  close(): Promise<void>;
}

/** Idle keep-alive time on the client side, in ms; longer than the SDK's idle sockets usually live. */
const CLIENT_KEEP_ALIVE_MS = 60_000;

/** How long `close()` lets transactions and locked writes in progress finish, in ms. */
const CLOSE_DRAIN_MS = 5_000;

/**
 * Credentials of the proxy's recovery calls, which answer no client request: dynalite wants an AWS4
 * authorization header but checks neither the signature nor the scope.
 */
const RECOVERY_HEADERS = {
  authorization: 'AWS4-HMAC-SHA256 Credential=aws-proxy/20000101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20000101T000000Z',
};

/**
 * Starts the proxy on 127.0.0.1; with `transactionJournal`, first rolls back the transactions the
 * journal shows unfinished.
 * @throws AwsProxyOptionsError for invalid options, AwsProxyError (naming the table and the file)
 *   when the journal cannot be recovered, AwsProxyListenError when the port cannot be bound.
 */
export async function createAwsProxy(options: AwsProxyOptions): Promise<AwsProxy> {
  const { upstream, faults, port, emulateTransactions, transactionJournal } = resolveAwsProxyOptions(options);
  const counters = new RequestCounters();
  const agent = new Agent({ keepAlive: true });
  const closing = new AbortController();
  let journal: TransactionJournal | undefined;
  if (transactionJournal !== undefined) {
    journal = new TransactionJournal(transactionJournal);
    try {
      await journal.recover(dynamoDbCaller(agent, upstream.dynamodb, RECOVERY_HEADERS));
    } catch (error) {
      agent.destroy();
      throw error;
    }
  }
  const dynamodb = new DynamoDbService(agent, upstream.dynamodb, journal);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, awsErrorResponse(undefined, 'InternalFailure', 500, `AWS proxy error: ${String(error)}`));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = CLIENT_KEEP_ALIVE_MS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { caller, url } = splitCaller(req.url ?? '/');
    let found: AwsOperation | undefined = fromTarget(req.headers['x-amz-target']);
    let body: Buffer | undefined;
    if (!found && mayBeQueryProtocol(req.headers, url)) {
      body = await readBody(req);
      found = fromQuery(body, url);
    }
    if (!found) {
      if (!body) await readBody(req);
      send(res, awsErrorResponse(undefined, 'UnknownOperationException', 400, 'The AWS proxy serves SQS and DynamoDB requests only'));
      return;
    }

    const count = counters.entry(found.service, found.operation, caller);
    count.requests += 1;
    const call: RegionalAwsCall = { service: found.service, operation: found.operation, caller, region: regionOf(req.headers.authorization) };
    const decision = faults.forAwsCall(call);
    if (decision?.latencyMs) await sleep(decision.latencyMs, undefined, { signal: closing.signal });
    if (decision?.error) {
      body ??= await readBody(req);
      count.requestBytes += body.length;
      count.injected += 1;
      const { code, statusCode, message } = decision.error;
      count.responseBytes += send(res, awsErrorResponse(found.protocol, code, statusCode, message));
      return;
    }
    if (emulateTransactions && found.service === 'dynamodb' && dynamodb.handles(found.operation)) {
      body ??= await readBody(req);
      count.requestBytes += body.length;
      // Runs to its end even when the client leaves: a transaction is committed or rolled back, never left halfway.
      const onUpstream = (operation: string) => {
        counters.entry(EMULATOR_DYNAMODB_SERVICE, operation, caller).requests += 1;
      };
      const response = await dynamodb.serve(found.operation, url, req.headers, body, onUpstream);
      if (response.statusCode >= 400) count.errors += 1;
      if (!res.destroyed) count.responseBytes += send(res, response);
      return;
    }
    if (emulateTransactions && found.service === 'dynamodb') counters.entry(EMULATOR_DYNAMODB_SERVICE, found.operation, caller).requests += 1;
    forward(req, res, url, body, found.protocol, found.service === 'sqs' ? upstream.sqs : upstream.dynamodb, count);
  }

  function forward(req: IncomingMessage, res: ServerResponse, url: string, body: Buffer | undefined, protocol: AwsProtocol, to: Upstream, count: RequestCountEntry): void {
    const upstreamReq = request({
      agent,
      hostname: to.hostname,
      port: to.port,
      method: req.method,
      path: to.basePath + url,
      headers: withoutHopByHop(req.headers),
    });
    upstreamReq.on('response', (upstreamRes) => {
      const status = upstreamRes.statusCode ?? 502;
      if (status >= 400) count.errors += 1;
      res.writeHead(status, withoutHopByHop(upstreamRes.headers));
      upstreamRes.on('data', (chunk: Buffer) => {
        count.responseBytes += chunk.length;
      });
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    upstreamReq.on('error', (error) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      count.errors += 1;
      count.responseBytes += send(res, awsErrorResponse(protocol, 'ServiceUnavailable', 502, `The emulator behind the AWS proxy is unreachable: ${error.message}`));
    });
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    if (body) {
      count.requestBytes += body.length;
      upstreamReq.end(body);
    } else {
      req.on('data', (chunk: Buffer) => {
        count.requestBytes += chunk.length;
      });
      req.pipe(upstreamReq);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      journal?.close();
      agent.destroy();
      reject(new AwsProxyListenError(`AWS proxy could not listen on 127.0.0.1:${port}: ${error.message}`, { cause: error }));
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    counters,
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await dynamodb.drain(CLOSE_DRAIN_MS);
      agent.destroy();
      journal?.close();
      await closed;
    },
  };
}

/** Writes a complete response; returns the body's size. */
function send(res: ServerResponse, response: { readonly statusCode: number; readonly headers: OutgoingHttpHeaders; readonly body: Buffer }): number {
  res.writeHead(response.statusCode, response.headers);
  res.end(response.body);
  return response.body.length;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
