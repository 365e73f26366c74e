import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { IDEMPOTENCY_KEY_PATTERN } from '../../contract/index.js';
import { recordKeyOf } from '../shared/envelope.js';
import { errorResponse, httpErrors, internalErrorResponse, isHttpError, json } from '../shared/http.js';
import { type FoundRecord, findRecords } from './record-lookup.js';
import type { StatusConfig } from './config.js';
import { fanOutStatus, messageStatus } from './message-status.js';

/** What the status function needs; the DynamoDB client is injected. */
export interface StatusDeps {
  readonly config: StatusConfig;
  readonly dynamodb: DynamoDBClient;
  readonly logger: Logger;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * `GET /messages/{id}`: the state of one message, by its idempotency key, from its records: the
 * idempotency record, a fan-out type's per-queue records, or an insert-kind item in an effect table
 * (one strongly consistent BatchGetItem, one read unit per key; `findRecords`). The key is looked up
 * within the caller's scope (its API key's id), as the producer wrote it: a client sees only its own messages.
 */
export function createStatusFunction(deps: StatusDeps): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const clock = deps.clock ?? Date.now;
  const lookUp = async (key: string): Promise<FoundRecord[]> => {
    try {
      return await findRecords(deps.dynamodb, deps.config.idempotencyTableName, deps.config.places, key, clock());
    } catch (error) {
      throw statusError('STORE_UNAVAILABLE', 'the idempotency table could not be read; retry', { cause: error });
    }
  };
  return async (event) => {
    const requestId = event.requestContext?.requestId;
    try {
      const id = event.pathParameters?.id ?? '';
      if (!IDEMPOTENCY_KEY_PATTERN.test(id)) {
        throw statusError('INVALID_IDEMPOTENCY_KEY', 'the id in /messages/{id} must be an idempotency key: 1–128 characters of [A-Za-z0-9_.:-]');
      }
      const scope = event.requestContext?.identity?.apiKeyId ?? undefined;
      const key = recordKeyOf({ id, ...(scope ? { scope } : {}) });
      const found = await lookUp(key);
      const fanOut = new Map(found.filter((record) => record.queue !== undefined).map((record) => [record.queue as string, record.state]));
      const status = fanOut.size > 0
        ? fanOutStatus(id, fanOut, deps.config.places.fanOutQueues)
        : messageStatus(id, found[0]?.state ?? { kind: 'free' });
      deps.logger.info('message status', { idempotencyKey: id, status: status.status });
      return json(200, status);
    } catch (error) {
      if (isHttpError(error)) return errorResponse(error, requestId);
      deps.logger.error('status lookup failed', { error: error as Error });
      return internalErrorResponse(requestId);
    }
  };
}


/** Every error the status function answers, by code, with its HTTP status. */
export const STATUS_ERRORS = {
  /** The id in the path is not an idempotency key. */
  INVALID_IDEMPOTENCY_KEY: 400,
  /** The idempotency table could not be read; retry. */
  STORE_UNAVAILABLE: 503,
} as const;

const statusError = httpErrors(STATUS_ERRORS);
