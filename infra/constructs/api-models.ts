import { JsonSchemaType, JsonSchemaVersion, type JsonSchema } from 'aws-cdk-lib/aws-apigateway';
import { REQUEST_BODY_SCHEMA } from '../../contract/index.js';

/**
 * The request model API Gateway validates bodies against, generated from the contract's
 * `REQUEST_BODY_SCHEMA` (JSON Schema draft-04): a JSON object and nothing more, so that a gateway
 * rejection has exactly one cause. Why no more: a gateway response can only say why through
 * `$context.error.validationErrorString`, which is substituted unescaped and quotes the client's
 * input, so it cannot go in a JSON body; every other rule is the producer's, whose 400s name the
 * field (docs/producer.md, "Who answers what").
 */
export function requestBodySchema(): JsonSchema {
  if (REQUEST_BODY_SCHEMA.type !== 'object') throw new Error('the contract\'s request body schema must describe an object');
  return { schema: JsonSchemaVersion.DRAFT4, title: REQUEST_BODY_SCHEMA.title, type: JsonSchemaType.OBJECT };
}
