/**
 * Turns the outputs `cdklocal deploy --outputs-file` writes into ones a client on this machine can
 * use: LocalStack's CloudFormation resolves `ApiUrl` to the AWS form
 * (`https://<id>.execute-api.<region>.amazonaws.com/<stage>/`), which does not reach LocalStack.
 * Pure, so the unit tests check it without LocalStack.
 */

/** The host LocalStack serves API Gateway REST APIs under (`<apiId>.execute-api.<host>`); resolves to 127.0.0.1. */
export const LOCALSTACK_API_HOST = 'localhost.localstack.cloud';

/**
 * The invoke URL of a REST API stage on LocalStack:
 * `http://<apiId>.execute-api.localhost.localstack.cloud:<port>/<stage>/`.
 * @param apiUrl the stack's `ApiUrl` output, in the AWS form or already in LocalStack's
 * @param endpoint LocalStack's edge endpoint; its scheme and port are kept (port @default 4566)
 * @throws Error naming the value when `apiUrl` is not an `execute-api` URL
 */
export function localstackApiUrl(apiUrl: string, endpoint: string): string {
  const match = /^https?:\/\/([a-z0-9]+)\.execute-api\.[^/]+\/([^/]+)\/?$/.exec(apiUrl);
  if (match === null) throw new Error(`ApiUrl ${apiUrl} is not an API Gateway stage URL (https://<id>.execute-api.<host>/<stage>/)`);
  const edge = new URL(endpoint);
  return `${edge.protocol}//${match[1]}.execute-api.${LOCALSTACK_API_HOST}:${edge.port || '4566'}/${match[2]}/`;
}

/** What {@link localstackOutputs} adds to the stack's outputs. */
export interface LocalstackExtras {
  /** LocalStack's edge endpoint, e.g. `http://localhost:4566`. */
  readonly endpoint: string;
  readonly region: string;
  /** The API key's value (read with API Gateway `GetApiKey`). */
  readonly apiKey: string;
}

/**
 * The stack's outputs with `ApiUrl` rewritten for LocalStack and the keys the CLI and the e2e suite
 * read from the local runtime's `local.json`: `ApiKey`, `SqsEndpoint`, `DynamoDbEndpoint`, `Region`.
 * Queue URLs are kept as LocalStack returns them (`http://sqs.<region>.localhost.localstack.cloud:4566/000000000000/<name>`):
 * they resolve to 127.0.0.1 and the SDK sends to its endpoint anyway.
 */
export function localstackOutputs(outputs: Readonly<Record<string, string>>, extras: LocalstackExtras): Record<string, string> {
  const apiUrl = outputs.ApiUrl;
  if (apiUrl === undefined) throw new Error('the stack has no ApiUrl output');
  return {
    ...outputs,
    ApiUrl: localstackApiUrl(apiUrl, extras.endpoint),
    ApiKey: extras.apiKey,
    SqsEndpoint: extras.endpoint,
    DynamoDbEndpoint: extras.endpoint,
    Region: extras.region,
  };
}
