import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { GROUP_ID_PATTERN, IDEMPOTENCY_KEY_HEADER, SQS_MAX_DELAY_SECONDS, TYPE_ROUTE_PATH_PART_PATTERN } from '../../contract/index.js';

/** A type with a route of its own. */
export interface TypeRoute {
  readonly type: string;
  /** The type's payload, as a JSON Schema draft-04 object. */
  readonly payloadModel: Readonly<Record<string, unknown>>;
  /** Whether one of its queues is FIFO: its messages need a `groupId` and take no `delaySeconds`. */
  readonly fifo: boolean;
}

/**
 * The body model of `POST /types/<type>/messages`: `payload` (the type's model) and `groupId`
 * (required when a queue of the type is FIFO), `delaySeconds` (standard queues only), nothing else.
 * API Gateway validates it before the producer is invoked; the producer checks the same again.
 */
export function typeRouteBodySchema(route: TypeRoute): apigw.JsonSchema {
  return {
    schema: apigw.JsonSchemaVersion.DRAFT4,
    title: `${route.type} message`,
    type: apigw.JsonSchemaType.OBJECT,
    additionalProperties: false,
    required: ['payload', ...(route.fifo ? ['groupId'] : [])],
    properties: {
      // A JSON Schema from valibot, in draft-04's keywords; CDK passes keywords it does not rename through.
      payload: route.payloadModel as apigw.JsonSchema,
      groupId: { type: apigw.JsonSchemaType.STRING, pattern: GROUP_ID_PATTERN.source },
      ...(route.fifo ? {} : { delaySeconds: { type: apigw.JsonSchemaType.INTEGER, minimum: 0, maximum: SQS_MAX_DELAY_SECONDS } }),
    },
  };
}

/**
 * Adds `POST /types/<type>/messages` for each route whose type name is a valid path part
 * (`TYPE_ROUTE_PATH_PART_PATTERN`; a type named otherwise is sent through `POST /messages` only), with
 * an API key required, the type's model, and the optional `Idempotency-Key` header. Returns the methods.
 */
export function addTypeRoutes(
  api: apigw.RestApi,
  routes: readonly TypeRoute[],
  options: { readonly integration: apigw.Integration; readonly validator: apigw.IRequestValidator },
): apigw.Method[] {
  const routable = routes.filter((route) => TYPE_ROUTE_PATH_PART_PATTERN.test(route.type));
  if (routable.length === 0) return [];
  const types = api.root.addResource('types');
  return routable.map((route) => {
    const model = api.addModel(`${route.type.replace(/[^A-Za-z0-9]/g, '')}MessageModel`, {
      contentType: 'application/json',
      schema: typeRouteBodySchema(route),
    });
    return types.addResource(route.type).addResource('messages').addMethod('POST', options.integration, {
      apiKeyRequired: true,
      requestValidator: options.validator,
      requestModels: { 'application/json': model },
      requestParameters: { [`method.request.header.${IDEMPOTENCY_KEY_HEADER}`]: false },
    });
  });
}
