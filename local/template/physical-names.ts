import { createHash } from 'node:crypto';
import type { StackArtifact, TemplateResource } from './cloud-assembly.js';
import { UnsupportedTemplateError } from '../errors.js';
import type { ResolutionContext } from './intrinsics.js';

/** Where the stack "is deployed" locally, and what the provisioner learned (actual queue URLs). */
export interface LocalEnvironment {
  /** @default the stack's region, else `us-east-1` */
  readonly region: string;
  /** @default `000000000000` (what the emulators use) */
  readonly accountId: string;
  /** Base URL of the local SQS endpoint; queue URLs are `<base>/<account>/<name>` until the provisioner reports real ones. */
  readonly sqsEndpoint: string;
  /** Queue URLs by logical id, as CreateQueue returned them. */
  readonly queueUrls?: ReadonlyMap<string, string>;
  /** Local id of each REST API, by logical id. */
  readonly apiIds?: ReadonlyMap<string, string>;
  /** Local id of each API key, by logical id. */
  readonly apiKeyIds?: ReadonlyMap<string, string>;
}

const LOCAL_ACCOUNT = '000000000000';

/** The short name CDK gave a construct: `Conveyor/Conveyor/Consumer/Resource` → `Consumer`. */
export function shortName(logicalId: string, resource: TemplateResource): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return logicalId;
  const parts = path.split('/').filter((part) => part !== 'Resource' && part !== 'Default');
  return parts.at(-1) ?? logicalId;
}

/** Physical names and attributes of the stack's resources when run locally. */
export class PhysicalNames implements ResolutionContext {
  readonly region: string;
  readonly accountId: string;
  private readonly resources: Record<string, TemplateResource>;

  constructor(private readonly artifact: StackArtifact, private readonly env: Partial<LocalEnvironment> & Pick<LocalEnvironment, 'sqsEndpoint'>) {
    this.region = env.region ?? artifact.region ?? 'us-east-1';
    this.accountId = env.accountId ?? artifact.account ?? LOCAL_ACCOUNT;
    this.resources = artifact.template.Resources;
  }

  /** Queue name: the template's `QueueName`, else `<stack>-<logicalId>` (80 characters at most, `.fifo` kept). */
  queueName(logicalId: string): string {
    const props = this.resource(logicalId).Properties ?? {};
    if (typeof props.QueueName === 'string') return props.QueueName;
    const fifo = props.FifoQueue === true || props.FifoQueue === 'true';
    return `${this.artifact.stackName}-${logicalId}`.slice(0, fifo ? 75 : 80) + (fifo ? '.fifo' : '');
  }

  /** Table name: the template's `TableName`, else `<stack>-<logicalId>`. */
  tableName(logicalId: string): string {
    const name = this.resource(logicalId).Properties?.TableName;
    return typeof name === 'string' ? name : `${this.artifact.stackName}-${logicalId}`;
  }

  /** Function name: the template's `FunctionName`, else `<stack>-<short name>`. */
  functionName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const name = resource.Properties?.FunctionName;
    return typeof name === 'string' ? name : `${this.artifact.stackName}-${shortName(logicalId, resource)}`.slice(0, 64);
  }

  ref(logicalId: string): string {
    switch (logicalId) {
      case 'AWS::Region': return this.region;
      case 'AWS::AccountId': return this.accountId;
      case 'AWS::Partition': return 'aws';
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return this.artifact.stackName;
      case 'AWS::StackId': return `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${this.artifact.stackName}/local`;
      default: break;
    }
    const parameter = this.artifact.template.Parameters?.[logicalId];
    if (parameter !== undefined) return String(parameter.Default ?? '');
    const resource = this.resource(logicalId);
    switch (resource.Type) {
      case 'AWS::SQS::Queue': return this.env.queueUrls?.get(logicalId) ?? `${this.env.sqsEndpoint}/${this.accountId}/${this.queueName(logicalId)}`;
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable': return this.tableName(logicalId);
      case 'AWS::Lambda::Function': return this.functionName(logicalId);
      case 'AWS::ApiGateway::RestApi': return this.env.apiIds?.get(logicalId) ?? localId(logicalId);
      case 'AWS::ApiGateway::ApiKey': return this.env.apiKeyIds?.get(logicalId) ?? localId(logicalId);
      case 'AWS::SNS::Topic': return `arn:aws:sns:${this.region}:${this.accountId}:${this.artifact.stackName}-${logicalId}`;
      case 'AWS::ApiGateway::Stage': return String(resource.Properties?.StageName ?? 'prod');
      case 'AWS::Logs::LogGroup': return String(resource.Properties?.LogGroupName ?? `/aws/${this.artifact.stackName}/${logicalId}`);
      default: return `${this.artifact.stackName}-${logicalId}`;
    }
  }

  getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const arn = (service: string, rest: string) => `arn:aws:${service}:${this.region}:${this.accountId}:${rest}`;
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::SQS::Queue.Arn': return arn('sqs', this.queueName(logicalId));
      case 'AWS::SQS::Queue.QueueName': return this.queueName(logicalId);
      case 'AWS::SQS::Queue.QueueUrl': return this.ref(logicalId);
      case 'AWS::DynamoDB::Table.Arn': return arn('dynamodb', `table/${this.tableName(logicalId)}`);
      case 'AWS::Lambda::Function.Arn': return arn('lambda', `function:${this.functionName(logicalId)}`);
      case 'AWS::ApiGateway::RestApi.RootResourceId': return `${this.ref(logicalId)}-root`;
      case 'AWS::Logs::LogGroup.Arn': return arn('logs', `log-group:${this.ref(logicalId)}:*`);
      case 'AWS::SNS::Topic.TopicName': return `${this.artifact.stackName}-${logicalId}`;
      case 'AWS::KMS::Key.Arn': return arn('kms', `key/${localId(logicalId)}`);
      default:
        if (attribute === 'Arn') return arn(resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown', `${this.artifact.stackName}-${logicalId}`);
        throw new UnsupportedTemplateError(`Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}) has no local value`);
    }
  }

  private resource(logicalId: string): TemplateResource {
    const resource = this.resources[logicalId];
    if (resource === undefined) throw new UnsupportedTemplateError(`the template references '${logicalId}', which it does not define`);
    return resource;
  }
}

/** A stable 10-character lower-case id derived from a logical id, like the ids API Gateway generates. */
export function localId(logicalId: string): string {
  return BigInt(`0x${createHash('sha256').update(logicalId).digest('hex').slice(0, 15)}`).toString(36).padStart(10, '0').slice(-10);
}
