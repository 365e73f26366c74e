import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { IDEMPOTENCY_KEY_PATTERN } from '../../contract/index.js';
import { recordKeyOf } from '../shared/envelope.js';
import { errorResponse, httpErrors, internalErrorResponse, isHttpError, json } from '../shared/http.js';
import { classifyRecord, type IdempotencyRecord, IdempotencyRecords } from '../shared/idempotency/index.js';
import type { StatusConfig } from './config.js';
import { messageStatus } from './message-status.js';

/** What the status function needs; the DynamoDB client is injected. */
export interface StatusDeps {
  readonly config: StatusConfig;
  readonly dynamodb: DynamoDBClient;
  readonly logger: Logger;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * `GET /messages/{id}`: the state of one message, by its idempotency key, from its idempotency record —
 * one strongly consistent GetItem (one read unit). The key is looked up within the caller's scope
 * (its API key's id), as the producer wrote it: a client sees only its own messages.
 */
export function createStatusFunction(deps: StatusDeps): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const clock = deps.clock ?? Date.now;
  const records = new IdempotencyRecords({ client: deps.dynamodb, tableName: deps.config.idempotencyTableName });
  return async (event) => {
    const requestId = event.requestContext?.requestId;
    try {
      const id = event.pathParameters?.id ?? '';
      if (!IDEMPOTENCY_KEY_PATTERN.test(id)) {
        throw statusError('INVALID_IDEMPOTENCY_KEY', 'the id in /messages/{id} must be an idempotency key: 1–128 characters of [A-Za-z0-9_.:-]');
      }
      const scope = event.requestContext?.identity?.apiKeyId ?? undefined;
      const key = recordKeyOf({ id, ...(scope ? { scope } : {}) });
      const status = messageStatus(id, classifyRecord(await readRecord(records, key), clock()));
      deps.logger.info('message status', { idempotencyKey: id, status: status.status });
      return json(200, status);
    } catch (error) {
      if (isHttpError(error)) return errorResponse(error, requestId);
      deps.logger.error('status lookup failed', { error: error as Error });
      return internalErrorResponse(requestId);
    }
  };
}

/** The record for `key`, strongly consistent; a 503 when the table cannot be read. */
async function readRecord(records: IdempotencyRecords, key: string): Promise<IdempotencyRecord | undefined> {
  try {
    return await records.read(key);
  } catch (error) {
    throw statusError('STORE_UNAVAILABLE', 'the idempotency table could not be read; retry', { cause: error });
  }
}

/** Every error the status function answers, by code, with its HTTP status. */
export const STATUS_ERRORS = {
  /** The id in the path is not an idempotency key. */
  INVALID_IDEMPOTENCY_KEY: 400,
  /** The idempotency table could not be read; retry. */
  STORE_UNAVAILABLE: 503,
} as const;

const statusError = httpErrors(STATUS_ERRORS);
