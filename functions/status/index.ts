import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createObservability } from '../shared/observability.js';
import { loadStatusConfig } from './config.js';
import { createStatusHandler } from './handler.js';

// Built once per execution environment; AWS_ENDPOINT_URL_DYNAMODB (if set) points the client elsewhere.
const config = loadStatusConfig(process.env);
const { logger } = createObservability();

/** Lambda entry for `GET /messages/{id}`. */
export const handler = createStatusHandler({ config, dynamodb: new DynamoDBClient({}), logger });
