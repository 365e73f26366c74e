import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** Props of `createTables`; already validated by `ConveyorQueue`. */
export interface ConveyorTablesProps {
  /** Removal policy of both tables (they hold data). */
  readonly removalPolicy: RemovalPolicy;
}

/** Attribute names the functions rely on. */
export const TABLE_KEYS = {
  /** Partition key of the idempotency table (string). */
  idempotencyPartitionKey: 'id',
  /** TTL attribute of the idempotency table (epoch seconds). */
  idempotencyTtlAttribute: 'expiresAt',
  /** Partition key of the ledger table (string). */
  ledgerPartitionKey: 'account',
} as const;

/** The two tables created by `createTables`. */
export interface ConveyorTables {
  /** Idempotency records: partition key `id`, TTL attribute `expiresAt`. */
  readonly idempotencyTable: dynamodb.Table;
  /** Ledger of applied effects: partition key `account`. */
  readonly ledgerTable: dynamodb.Table;
}

/**
 * Creates the idempotency table (one item per idempotency key, expiring
 * by TTL) and the ledger table (the consumer's business effect, keyed by
 * account) in `scope`. On-demand billing, point-in-time recovery, AWS-managed
 * encryption.
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

  const ledgerTable = new dynamodb.Table(scope, 'LedgerTable', {
    ...common,
    partitionKey: { name: TABLE_KEYS.ledgerPartitionKey, type: dynamodb.AttributeType.STRING },
  });

  return { idempotencyTable, ledgerTable };
}
