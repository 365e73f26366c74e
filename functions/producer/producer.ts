import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ENVELOPE_VERSION, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, MAX_BATCH_BODY_BYTES, METRICS, PRODUCER_ENVIRONMENT } from '../../contract/index.js';
import { emit } from '../shared/metrics.js';
import { type Envelope, recordKeyOf, serializeEnvelope } from '../shared/envelope.js';
import { ConveyorError, isConveyorError } from '../shared/errors.js';
import { parsePayload, type TypeRegistry, typeNames } from '../shared/message-types/index.js';
import type { ProducerConfig } from './config.js';
import { httpError } from './errors.js';
import { errorResponse, header, internalErrorResponse, isHttpError, json } from '../shared/http.js';
import { type OutgoingMessage, type QueuePublisher, type SendResult } from './publish.js';
import { assertJsonContentType, readJsonBody } from './request.js';
import { type MessageInput, validateBatchBody, validateIdempotencyKey, validateSingleBody } from './validate.js';

/** What the producer needs; every AWS-facing part is injected. */
export interface ProducerDeps {
  readonly config: ProducerConfig;
  /** One publisher per queue, by the queue's name in `config.routes`. */
  readonly publishers: Readonly<Record<string, QueuePublisher>>;
  /** The message types it accepts, with their payload parsers. */
  readonly types: TypeRegistry;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Generates ids for messages sent without a key. @default crypto.randomUUID */
  readonly newId?: () => string;
}

/** One item of the batch route's answer, in request order. */
export type BatchItemResult =
  | { readonly id: string; readonly messageId: string }
  | { readonly id: string; readonly error: { readonly code: string; readonly message: string } };

/** The API behind `POST /messages` and `POST /messages/batch`. */
export type Producer = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Builds the producer: validates, wraps each message in an envelope and sends it to the queue. */
export function createProducer(deps: ProducerDeps): Producer {
  const { config, publishers, logger, metrics } = deps;
  const clock = deps.clock ?? Date.now;
  const newId = deps.newId ?? randomUUID;
  const fifoOf = (type: unknown): boolean => typeof type === 'string' && Object.hasOwn(config.routes, type) && config.routes[type]!.fifo;
  const publisherOf = (queue: string): QueuePublisher => {
    const publisher = publishers[queue];
    if (publisher === undefined) throw new Error(`no publisher for queue ${queue}`);
    return publisher;
  };

  /** Builds the envelope, checks its size, then the payload against its type, and returns the outgoing message. */
  function prepare(input: MessageInput, key: string | undefined, at: string, scope: string | undefined): { id: string; queue: string; message: OutgoingMessage } {
    const id = key ?? newId();
    const envelope: Envelope = {
      v: ENVELOPE_VERSION,
      id,
      type: input.type,
      payload: input.payload,
      acceptedAt: clock(),
      ...(input.groupId !== undefined ? { groupId: input.groupId } : {}),
      ...(scope !== undefined ? { scope } : {}),
    };
    const body = serializeEnvelope(envelope);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > config.maxMessageBytes) {
      throw httpError('PAYLOAD_TOO_LARGE', `${at} is ${bytes} bytes as a queued message; the limit is ${config.maxMessageBytes}`);
    }
    try {
      parsePayload(deps.types, input.type, input.payload);
    } catch (error) {
      if (isConveyorError(error, 'UNKNOWN_MESSAGE_TYPE')) {
        throw httpError('UNKNOWN_MESSAGE_TYPE', `${at}.type '${input.type}' is not a registered message type (registered: ${typeNames(deps.types).join(', ')})`);
      }
      if (isConveyorError(error, 'INVALID_PAYLOAD')) throw httpError('INVALID_PAYLOAD', `${at}.${error.message}`);
      throw error;
    }
    const route = config.routes[input.type];
    if (route === undefined) {
      throw new ConveyorError('CONFIG_INVALID', `message type '${input.type}' has a parser but no route in ${PRODUCER_ENVIRONMENT.routes.name}`);
    }
    const message: OutgoingMessage = route.fifo
      ? { body, groupId: input.groupId as string, deduplicationId: deduplicationIdOf(envelope) }
      : { body, ...(input.delaySeconds !== undefined ? { delaySeconds: input.delaySeconds } : {}) };
    return { id, queue: route.queue, message };
  }

  async function acceptOne(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    assertJsonContentType(event);
    const input = validateSingleBody(readJsonBody(event, config.maxMessageBytes), { fifoOf });
    const key = validateIdempotencyKey(header(event, IDEMPOTENCY_KEY_HEADER));
    const { id, queue, message } = prepare(input, key, 'body', keyScopeOf(event));
    const messageId = await publisherOf(queue).send(message);
    emit(metrics, METRICS.MessagesAccepted, 1);
    logger.info('message accepted', { idempotencyKey: id, messageId, type: input.type, queue });
    return json(202, { id, messageId });
  }

  async function acceptBatch(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    assertJsonContentType(event);
    if (header(event, IDEMPOTENCY_KEY_HEADER) !== undefined) {
      throw httpError('INVALID_IDEMPOTENCY_KEY', 'the batch route takes an idempotencyKey per message, not an Idempotency-Key header');
    }
    const inputs = validateBatchBody(readJsonBody(event, MAX_BATCH_BODY_BYTES), { fifoOf });
    const scope = keyScopeOf(event);
    const prepared = inputs.map((input, index) => prepare(input, input.idempotencyKey, `messages[${index}]`, scope));
    const sent = await sendByQueue(prepared);
    const results = sent.map((result: SendResult, index): BatchItemResult => {
      const { id } = prepared[index]!;
      return result.ok ? { id, messageId: result.messageId } : { id, error: { code: result.code, message: result.message } };
    });
    const accepted = sent.filter((result) => result.ok).length;
    const failed = sent.length - accepted;
    if (accepted > 0) emit(metrics, METRICS.MessagesAccepted, accepted);
    if (failed > 0) {
      emit(metrics, METRICS.MessagesRejected, failed);
      logger.warn('batch partly not enqueued', { accepted, failed, failures: results.filter((item) => 'error' in item) });
    }
    logger.info('batch accepted', { accepted, failed, idempotencyKeys: prepared.map((item) => item.id) });
    const statusCode = failed === 0 ? 202 : accepted === 0 ? 503 : 207;
    return json(statusCode, { accepted, failed, results }, statusCode === 503 ? { 'retry-after': '1' } : {});
  }

  /** Sends each queue's messages in one `sendBatch` (all queues in parallel); results in input order. */
  async function sendByQueue(prepared: ReadonlyArray<{ queue: string; message: OutgoingMessage }>): Promise<SendResult[]> {
    const byQueue = new Map<string, number[]>();
    prepared.forEach((item, index) => byQueue.set(item.queue, [...(byQueue.get(item.queue) ?? []), index]));
    const results: SendResult[] = new Array(prepared.length);
    await Promise.all([...byQueue].map(async ([queue, indexes]) => {
      const sent = await publisherOf(queue).sendBatch(indexes.map((index) => prepared[index]!.message));
      sent.forEach((result, at) => { results[indexes[at]!] = result; });
    }));
    return results;
  }

  return async function produce(event) {
    const requestId = event.requestContext?.requestId;
    try {
      const route = `${event.httpMethod} ${event.resource}`;
      if (route === 'POST /messages') return await acceptOne(event);
      if (route === 'POST /messages/batch') return await acceptBatch(event);
      throw httpError('NOT_FOUND', `no route for ${event.httpMethod} ${event.path ?? event.resource}`);
    } catch (error) {
      if (isHttpError(error)) {
        emit(metrics, METRICS.MessagesRejected, 1);
        const log = error.status >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
        log('request rejected', { code: error.code, status: error.status, reason: error.message, error: error.status >= 500 ? error : undefined });
        return errorResponse(error, requestId);
      }
      logger.error('unexpected error', { error: error as Error });
      return internalErrorResponse(requestId);
    }
  };
}

/**
 * The scope of the caller's idempotency keys: the id of the API key API Gateway authenticated.
 * Undefined when the request carries none (a direct invocation), which leaves keys unscoped.
 */
export function keyScopeOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string | undefined {
  const id = event.requestContext?.identity?.apiKeyId;
  return typeof id === 'string' && IDEMPOTENCY_KEY_PATTERN.test(id) ? id : undefined;
}

/** SQS FIFO deduplication id: the key itself, or a SHA-256 of scope and key (ids are at most 128 characters). */
export function deduplicationIdOf(envelope: Pick<Envelope, 'id' | 'scope'>): string {
  return envelope.scope === undefined ? envelope.id : createHash('sha256').update(recordKeyOf(envelope)).digest('hex');
}
