/**
 * What the local runtime needs to know about a synthesized stack, with every intrinsic already
 * resolved to a local value. `model.ts` builds these from `cdk.out`; everything else in `local/`
 * works from these specs and never reads the template itself.
 */

/** An `AWS::SQS::Queue`. */
export interface QueueSpec {
  readonly logicalId: string;
  /** Local queue name: the template's `QueueName`, or `<stack>-<logicalId>` (+ `.fifo`). */
  readonly queueName: string;
  /** Queue attributes as SQS `CreateQueue` takes them (strings), including `RedrivePolicy` as JSON. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly fifo: boolean;
  /** `arn:aws:sqs:<region>:<account>:<queueName>`. */
  readonly arn: string;
}

/** An `AWS::DynamoDB::Table` (or `AWS::DynamoDB::GlobalTable`). */
export interface TableSpec {
  readonly logicalId: string;
  /** Local table name: the template's `TableName`, or `<stack>-<logicalId>`. */
  readonly tableName: string;
  readonly keySchema: readonly { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  readonly attributeDefinitions: readonly { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  readonly billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readonly globalSecondaryIndexes?: readonly unknown[];
  readonly localSecondaryIndexes?: readonly unknown[];
  /** The TTL attribute, when the template enables TTL (dynalite does not expire items; informational). */
  readonly timeToLiveAttribute?: string;
  readonly arn: string;
}

/** An `AWS::Lambda::Function` with a bundled asset in `cdk.out`. */
export interface FunctionSpec {
  readonly logicalId: string;
  /** Short name from the construct path, e.g. `Producer`, `Consumer` (used in logs and fault rules). */
  readonly name: string;
  /** Local function name, `<stack>-<name>`; what `context.functionName` returns. */
  readonly functionName: string;
  readonly arn: string;
  /** Absolute path of the asset folder (`cdk.out/asset.<hash>`). */
  readonly assetDir: string;
  /** `file.export`, e.g. `index.handler`. */
  readonly handler: string;
  /** e.g. `nodejs24.x`. */
  readonly runtime: string;
  /** @default 3 (CloudFormation's default) */
  readonly timeoutSeconds: number;
  /** @default 128 */
  readonly memoryMb: number;
  /** The template's environment variables, resolved. Runtime-provided variables are added by the host. */
  readonly environment: Readonly<Record<string, string>>;
  /** `ReservedConcurrentExecutions`, when set. */
  readonly reservedConcurrency?: number;
  /** CloudWatch log group name (from `LoggingConfig.LogGroup` or `/aws/lambda/<functionName>`). */
  readonly logGroupName: string;
}

/** An `AWS::Lambda::EventSourceMapping` whose source is an SQS queue of the stack. */
export interface SqsEventSourceSpec {
  readonly logicalId: string;
  readonly queue: QueueSpec;
  readonly functionLogicalId: string;
  /** @default 10 */
  readonly batchSize: number;
  /** @default 0 */
  readonly maximumBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  /** `ScalingConfig.MaximumConcurrency`, when set (2–1000 on AWS). */
  readonly maximumConcurrency?: number;
  /** @default true */
  readonly enabled: boolean;
}

/** One method of the REST API: `POST /messages` etc. */
export interface ApiRouteSpec {
  readonly methodLogicalId: string;
  /** Upper case, or `ANY`. */
  readonly httpMethod: string;
  /** Resource path as API Gateway names it: `/messages/batch` (`/{id}` style parameters kept). */
  readonly resourcePath: string;
  readonly apiKeyRequired: boolean;
  readonly authorizationType: string;
  /** Logical id of the function behind an `AWS_PROXY` integration. */
  readonly functionLogicalId: string;
  /** Request models by content type: the model's JSON schema (draft 4). */
  readonly requestModels: Readonly<Record<string, object>>;
  readonly validateRequestBody: boolean;
  readonly validateRequestParameters: boolean;
  /** `method.request.header.X` / `method.request.querystring.X` → required. */
  readonly requestParameters: Readonly<Record<string, boolean>>;
}

/** An `AWS::ApiGateway::GatewayResponse`. */
export interface GatewayResponseSpec {
  /** e.g. `BAD_REQUEST_BODY`, `DEFAULT_4XX`. */
  readonly responseType: string;
  /** The template's status code, when it sets one. */
  readonly statusCode?: number;
  /** Response headers with static values (the template's `'value'` quoting removed). */
  readonly headers: Readonly<Record<string, string>>;
  /** VTL templates by content type. */
  readonly templates: Readonly<Record<string, string>>;
}

/** Throttle settings: requests per second and burst. */
export interface ThrottleSpec {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** An API key, with the value the local runtime gave it (CloudFormation generates one on AWS). */
export interface ApiKeySpec {
  readonly logicalId: string;
  readonly id: string;
  readonly value: string;
  readonly enabled: boolean;
}

/** A usage plan bound to the stage: its throttle and quota, and the keys it covers. */
export interface UsagePlanSpec {
  readonly logicalId: string;
  readonly throttle?: ThrottleSpec;
  readonly quota?: { readonly limit: number; readonly period: 'DAY' | 'WEEK' | 'MONTH'; readonly offset?: number };
  readonly apiKeyIds: readonly string[];
}

/** An `AWS::ApiGateway::RestApi` with its one deployed stage. */
export interface RestApiSpec {
  readonly logicalId: string;
  /** Local id given to the API (`<logicalId>` lower-cased, 10 chars), used in events and URLs. */
  readonly id: string;
  readonly stageName: string;
  readonly routes: readonly ApiRouteSpec[];
  readonly gatewayResponses: readonly GatewayResponseSpec[];
  readonly apiKeys: readonly ApiKeySpec[];
  readonly usagePlans: readonly UsagePlanSpec[];
  /** Stage-wide method throttling (`MethodSettings` on `/*` `*`), when set. */
  readonly stageThrottle?: ThrottleSpec;
}

/** Everything the runtime runs for one stack. */
export interface StackSpec {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly queues: readonly QueueSpec[];
  readonly tables: readonly TableSpec[];
  readonly functions: readonly FunctionSpec[];
  readonly eventSources: readonly SqsEventSourceSpec[];
  readonly apis: readonly RestApiSpec[];
  /** Stack outputs, resolved against local values (`cdk deploy --outputs-file` shape for one stack). */
  readonly outputs: Readonly<Record<string, string>>;
}
