import { JsonSchemaType, JsonSchemaVersion, type JsonSchema } from 'aws-cdk-lib/aws-apigateway';

/**
 * The JSON Schema (draft-04) API Gateway validates request bodies against before the producer runs.
 *
 * It asks for a JSON object and nothing more, on purpose: when a body fails a model, API Gateway's
 * only safe way to say why in a JSON answer is `$context.error.messageString` ("Invalid request
 * body"). The detail, `$context.error.validationErrorString`, is substituted unescaped (it is not one
 * of the quoted `…String` variables) and quotes the client's own input, so it cannot be put inside a
 * JSON string. With this model a gateway rejection has exactly one cause, which the
 * `BAD_REQUEST_BODY` response states; every other rule is the producer's (`functions/producer/validate.ts`),
 * whose answers name the field and the rule. See docs/producer.md#who-answers-what.
 */

/** The message the gateway's `BAD_REQUEST_BODY` response gives: the one rule {@link requestBodySchema} checks. */
export const NOT_A_JSON_OBJECT_MESSAGE = 'body must be a JSON object: it is not JSON, or it is an array, a string, a number, true, false or null';

/** The body model of both routes: a JSON object (an empty body is validated as `{}` and left to the producer). */
export function requestBodySchema(): JsonSchema {
  return { schema: JsonSchemaVersion.DRAFT4, title: 'JsonObject', type: JsonSchemaType.OBJECT };
}
