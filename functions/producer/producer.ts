import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ENVELOPE_VERSION, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, MAX_BATCH_BODY_BYTES, METRICS, PRODUCER_ENVIRONMENT, typeOfRoutePath } from '../../contract/index.js';
import { emit } from '../shared/metrics.js';
import { type Envelope, serializeEnvelope } from '../shared/envelope.js';
import { ConveyorError, isConveyorError } from '../shared/errors.js';
import { parsePayload, type TypeRegistry, typeNames } from '../shared/message-types/index.js';
import type { ProducerConfig } from './config.js';
import { httpError } from './errors.js';
import { errorResponse, header, internalErrorResponse, isHttpError, json } from '../shared/http.js';
import type { QueuePublisher } from './publish.js';
import { type Copy, copiesOf, deliver, deliverOne, fifoOf } from './routing.js';

export { deduplicationIdOf } from './routing.js';
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
  | { readonly id: string; readonly messageId: string; readonly messageIds?: Readonly<Record<string, string>> }
  | { readonly id: string; readonly error: { readonly code: string; readonly message: string } };

/** The API behind `POST /messages` and `POST /messages/batch`. */
export type Producer = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Builds the producer: validates, wraps each message in an envelope and sends it to the queue. */
export function createProducer(deps: ProducerDeps): Producer {
  const { config, publishers, logger, metrics } = deps;
  const clock = deps.clock ?? Date.now;
  const newId = deps.newId ?? randomUUID;
  const typeIsFifo = (type: unknown): boolean => fifoOf(config.routes, type);
  const publisherOf = (queue: string): QueuePublisher => {
    const publisher = publishers[queue];
    if (publisher === undefined) throw new Error(`no publisher for queue ${queue}`);
    return publisher;
  };

  /** Builds the envelope, checks the payload against its type and each copy's size, and returns the copies to send. */
  function prepare(input: MessageInput, key: string | undefined, at: string, scope: string | undefined): { id: string; copies: Copy[] } {
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
    const bytes = Buffer.byteLength(serializeEnvelope(envelope), 'utf8');
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
    const routes = config.routes[input.type];
    if (routes === undefined || routes.length === 0) {
      throw new ConveyorError('CONFIG_INVALID', `message type '${input.type}' has a parser but no route in ${PRODUCER_ENVIRONMENT.routes.name}`);
    }
    const copies = copiesOf(envelope, routes, input.delaySeconds);
    for (const copy of copies) {
      const copyBytes = Buffer.byteLength(copy.message.body, 'utf8');
      if (copyBytes > config.maxMessageBytes) {
        throw httpError('PAYLOAD_TOO_LARGE', `${at} is ${copyBytes} bytes as a queued message on queue ${copy.queue}; the limit is ${config.maxMessageBytes}`);
      }
    }
    return { id, copies };
  }

  /** `POST /messages`, or with `routeType` a type's own route, `POST /types/<type>/messages`, whose body names no type. */
  async function acceptOne(event: APIGatewayProxyEvent, routeType?: string): Promise<APIGatewayProxyResult> {
    assertJsonContentType(event);
    const body = readJsonBody(event, config.maxMessageBytes);
    const input = validateSingleBody(routeType === undefined ? body : withRouteType(body, routeType), { fifoOf: typeIsFifo });
    const key = validateIdempotencyKey(header(event, IDEMPOTENCY_KEY_HEADER));
    const { id, copies } = prepare(input, key, 'body', keyScopeOf(event));
    const { ok: _ok, ...sent } = await deliverOne(publisherOf, copies);
    emit(metrics, METRICS.MessagesAccepted, 1);
    logger.info('message accepted', { idempotencyKey: id, ...sent, type: input.type, queues: copies.map((copy) => copy.queue) });
    return json(202, { id, ...sent });
  }

  async function acceptBatch(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    assertJsonContentType(event);
    if (header(event, IDEMPOTENCY_KEY_HEADER) !== undefined) {
      throw httpError('INVALID_IDEMPOTENCY_KEY', 'the batch route takes an idempotencyKey per message, not an Idempotency-Key header');
    }
    const inputs = validateBatchBody(readJsonBody(event, MAX_BATCH_BODY_BYTES), { fifoOf: typeIsFifo });
    const scope = keyScopeOf(event);
    const prepared = inputs.map((input, index) => prepare(input, input.idempotencyKey, `messages[${index}]`, scope));
    const sent = await deliver(publisherOf, prepared.map((item) => item.copies));
    const results = sent.map((result, index): BatchItemResult => {
      const { id } = prepared[index]!;
      if (!result.ok) return { id, error: { code: result.code, message: result.message } };
      const { ok: _ok, ...ids } = result;
      return { id, ...ids };
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

  return async function produce(event) {
    const requestId = event.requestContext?.requestId;
    try {
      const route = `${event.httpMethod} ${event.resource}`;
      if (route === 'POST /messages') return await acceptOne(event);
      if (route === 'POST /messages/batch') return await acceptBatch(event);
      const routeType = event.httpMethod === 'POST' ? typeOfRoutePath(event.resource) : undefined;
      if (routeType !== undefined) return await acceptOne(event, routeType);
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


/**
 * The body of a type's own route with the route's type in it, as `POST /messages` takes it; a body
 * that names a type itself is refused (the route names it), anything else is left to the validation.
 */
export function withRouteType(body: unknown, type: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  if (Object.hasOwn(body, 'type')) {
    throw httpError('VALIDATION_FAILED', `body must not have the field "type" on POST /types/${type}/messages: the route names the type`);
  }
  return { type, ...body };
}
