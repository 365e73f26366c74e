/**
 * The REST API's shape as more than one layer sees it: the stage, the routes, and the one body model
 * API Gateway validates (JSON Schema draft-04, the only draft it takes). The infrastructure builds
 * the API from it; the local runtime reads the same from the synthesized template.
 */

/** Name of the API's only stage. */
export const STAGE_NAME = 'prod';

/** The routes, as `METHOD /path` under the stage. */
export const ROUTES = {
  sendMessage: 'POST /messages',
  sendBatch: 'POST /messages/batch',
  messageStatus: 'GET /messages/{id}',
} as const;

/**
 * The body model of the POST routes: a JSON object and nothing more, so that a gateway rejection has
 * exactly one cause, which {@link NOT_A_JSON_OBJECT_MESSAGE} states; every other rule is the
 * producer's, whose 400s name the field (docs/producer.md, "Who answers what").
 */
export const REQUEST_BODY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'JsonObject',
  type: 'object',
} as const;

/** What the gateway answers for a body that fails {@link REQUEST_BODY_SCHEMA}. */
export const NOT_A_JSON_OBJECT_MESSAGE = 'body must be a JSON object: it is not JSON, or it is an array, a string, a number, true, false or null';
