import type { StackSpec } from './template/specs.js';

/** Local values the outputs refer to. */
export interface LocalEndpoints {
  readonly runtimeUrl: string;
  readonly apiId: string | undefined;
  readonly apiKey: string;
  readonly awsEndpoint: string;
}

/**
 * The stack's outputs as a deployment would give them, pointed at the local runtime: the REST
 * API's invoke URL (`https://<id>.execute-api.<region>.amazonaws.com/<stage>/`) becomes
 * `http://127.0.0.1:<port>/<stage>/`, the CloudWatch dashboard link the local dashboard,
 * plus the keys only a local run has: `ApiKey`, `SqsEndpoint`, `DynamoDbEndpoint`, `Region`, `RuntimeUrl`.
 */
export function localOutputs(stack: StackSpec, endpoints: LocalEndpoints): Record<string, string> {
  const invokeUrl = endpoints.apiId === undefined ? undefined : new RegExp(`^https://${endpoints.apiId}\\.execute-api\\.[^/]+/`);
  const outputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(stack.outputs)) {
    if (invokeUrl?.test(value)) outputs[key] = value.replace(invokeUrl, `${endpoints.runtimeUrl}/`);
    else if (/^https:\/\/[^/]*console\.aws\.amazon\.com\/cloudwatch\//.test(value)) outputs[key] = `${endpoints.runtimeUrl}/_conveyor/`;
    else outputs[key] = value;
  }
  return {
    ...outputs,
    ApiKey: endpoints.apiKey,
    SqsEndpoint: endpoints.awsEndpoint,
    DynamoDbEndpoint: endpoints.awsEndpoint,
    Region: stack.region,
    RuntimeUrl: endpoints.runtimeUrl,
  };
}
