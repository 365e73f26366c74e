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
  /** One per type whose module exports a schema: its body is `{ payload, groupId?, delaySeconds? }`, validated by the gateway against the type's model. */
  sendTypedMessage: 'POST /types/{type}/messages',
} as const;

/** The literal path of a type's own route. */
export const typeRoutePath = (type: string): string => `/types/${type}/messages`;

/** The type in a type route's resource path (`/types/orders.place/messages` → `orders.place`), else undefined. */
export const typeOfRoutePath = (resource: string | undefined): string | undefined => /^\/types\/([^/]+)\/messages$/.exec(resource ?? '')?.[1];

/** Type names that can be a path part of their own route (API Gateway's path parts take no `:`). */
export const TYPE_ROUTE_PATH_PART_PATTERN = /^[A-Za-z0-9._-]+$/;

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

/**
 * What the gateway answers for a body that fails its route's model: {@link REQUEST_BODY_SCHEMA} on
 * the `/messages` routes, a type's own model on `POST /types/<type>/messages` (API Gateway has one
 * such answer per API, and the reason it has cannot be quoted safely, so it says what both models want).
 */
export const NOT_A_JSON_OBJECT_MESSAGE =
  'body must be a JSON object: it is not JSON, or it is an array, a string, a number, true, false or null; on POST /types/<type>/messages, ' +
  'an object of payload (fitting the type\'s schema), groupId and delaySeconds only — send it to POST /messages to have the field at fault named';
