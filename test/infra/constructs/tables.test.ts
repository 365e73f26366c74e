import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../../infra/constructs/tables.js';
import { customProps, logicalIdOf, partOf, propertiesOf, resourceOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

describe('createTables', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  const deletionPolicy = (s: SynthesizedConveyor, which: 'idempotencyTable' | 'ledgerTable') => resourceOf(s, partOf(s.conveyor, which)).DeletionPolicy;

  beforeAll(() => {
    defaults = synthConveyor();
    custom = synthConveyor(customProps());
  });

  it('creates the idempotency table and the example type\'s table, and one per declared table', () => {
    defaults.template.resourceCountIs('AWS::DynamoDB::Table', 2);
    const declared = synthConveyor({
      queues: { orders: {} },
      tables: { ledger: { partitionKey: 'account' }, orders: { partitionKey: 'orderId' } },
      types: {
        'ledger.credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },
        'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] },
      },
    });
    declared.template.resourceCountIs('AWS::DynamoDB::Table', 3);
    expect(propertiesOf(declared, declared.conveyor.tables.orders!)).toMatchObject({ KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }] });
    expect(logicalIdOf(declared, declared.conveyor.tables.ledger!)).toBe(logicalIdOf(defaults, defaults.conveyor.tables.ledger!));
  });

  describe('idempotency table', () => {
    it('is keyed by the string attribute id', () => {
      expect(propertiesOf(defaults, defaults.conveyor.idempotencyTable)).toMatchObject({
        KeySchema: [{ AttributeName: TABLE_KEYS.idempotencyPartitionKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      });
    });

    it('expires items by the expiresAt attribute', () => {
      expect(propertiesOf(defaults, defaults.conveyor.idempotencyTable).TimeToLiveSpecification).toEqual({
        AttributeName: 'expiresAt',
        Enabled: true,
      });
    });
  });

  describe('ledger table', () => {
    it('is keyed by the string attribute account', () => {
      expect(propertiesOf(defaults, defaults.conveyor.tables.ledger!)).toMatchObject({
        KeySchema: [{ AttributeName: 'account', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'account', AttributeType: 'S' }],
      });
    });

    it('has no TTL', () => {
      expect(propertiesOf(defaults, defaults.conveyor.tables.ledger!).TimeToLiveSpecification).toBeUndefined();
    });
  });

  describe.each(['idempotencyTable', 'ledgerTable'] as const)('%s defaults', (which) => {
    it('bills per request', () => {
      expect(propertiesOf(defaults, partOf(defaults.conveyor, which)).BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('has point-in-time recovery', () => {
      expect(propertiesOf(defaults, partOf(defaults.conveyor, which)).PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    });

    it('uses AWS-managed KMS encryption', () => {
      expect(propertiesOf(defaults, partOf(defaults.conveyor, which)).SSESpecification).toEqual({ SSEEnabled: true });
    });

    it('is retained on stack deletion (removalPolicy default RETAIN)', () => {
      expect(deletionPolicy(defaults, which)).toBe('Retain');
    });

    it('is deleted with removalPolicy DESTROY', () => {
      expect(deletionPolicy(custom, which)).toBe('Delete');
    });
  });
});
