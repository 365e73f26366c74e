import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { pascal, type TableDeclaration } from './topology.js';

/** Props of `createTables`; already validated by `ConveyorQueue`. */
export interface ConveyorTablesProps {
  /** Removal policy of every table (they hold data). */
  readonly removalPolicy: RemovalPolicy;
  /** The effect tables, by name. */
  readonly tables: Readonly<Record<string, TableDeclaration>>;
}

/** Attribute names the functions rely on. */
export const TABLE_KEYS = {
  /** Partition key of the idempotency table (string). */
  idempotencyPartitionKey: 'id',
  /** TTL attribute of the idempotency table (epoch seconds). */
  idempotencyTtlAttribute: 'expiresAt',
} as const;

/** The tables created by `createTables`. */
export interface ConveyorTables {
  /** Idempotency records: partition key `id`, TTL attribute `expiresAt`. */
  readonly idempotencyTable: dynamodb.Table;
  /** The effect tables, by name (`ledger` → construct id `LedgerTable`). */
  readonly tables: Readonly<Record<string, dynamodb.Table>>;
}

/**
 * Creates the idempotency table (one item per idempotency key, expiring by TTL) and each effect
 * table (keyed by its string partition key) in `scope`. On-demand billing, point-in-time recovery,
 * AWS-managed encryption.
 */
export function createTables(scope: Construct, props: ConveyorTablesProps): ConveyorTables {
  const common = {
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    removalPolicy: props.removalPolicy,
  } as const;

  const idempotencyTable = new dynamodb.Table(scope, 'IdempotencyTable', {
    ...common,
    partitionKey: { name: TABLE_KEYS.idempotencyPartitionKey, type: dynamodb.AttributeType.STRING },
    timeToLiveAttribute: TABLE_KEYS.idempotencyTtlAttribute,
  });

  const tables = Object.fromEntries(Object.entries(props.tables).map(([name, declaration]) => [
    name,
    new dynamodb.Table(scope, `${pascal(name)}Table`, {
      ...common,
      partitionKey: { name: declaration.partitionKey, type: dynamodb.AttributeType.STRING },
    }),
  ]));

  return { idempotencyTable, tables };
}
