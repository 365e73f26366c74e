import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../../infra/constructs/tables.js';
import { customProps, propertiesOf, resourceOf, synthConveyor, type SynthesizedConveyor } from '../factories.js';

describe('createTables', () => {
  let defaults: SynthesizedConveyor;
  let custom: SynthesizedConveyor;
  const deletionPolicy = (s: SynthesizedConveyor, which: 'idempotencyTable' | 'ledgerTable') => resourceOf(s, s.conveyor[which]).DeletionPolicy;

  beforeAll(() => {
    defaults = synthConveyor();
    custom = synthConveyor(customProps());
  });

  it('creates exactly two tables', () => {
    defaults.template.resourceCountIs('AWS::DynamoDB::Table', 2);
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
      expect(propertiesOf(defaults, defaults.conveyor.ledgerTable)).toMatchObject({
        KeySchema: [{ AttributeName: TABLE_KEYS.ledgerPartitionKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'account', AttributeType: 'S' }],
      });
    });

    it('has no TTL', () => {
      expect(propertiesOf(defaults, defaults.conveyor.ledgerTable).TimeToLiveSpecification).toBeUndefined();
    });
  });

  describe.each(['idempotencyTable', 'ledgerTable'] as const)('%s defaults', (which) => {
    it('bills per request', () => {
      expect(propertiesOf(defaults, defaults.conveyor[which]).BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('has point-in-time recovery', () => {
      expect(propertiesOf(defaults, defaults.conveyor[which]).PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    });

    it('uses AWS-managed KMS encryption', () => {
      expect(propertiesOf(defaults, defaults.conveyor[which]).SSESpecification).toEqual({ SSEEnabled: true });
    });

    it('is retained on stack deletion (removalPolicy default RETAIN)', () => {
      expect(deletionPolicy(defaults, which)).toBe('Retain');
    });

    it('is deleted with removalPolicy DESTROY', () => {
      expect(deletionPolicy(custom, which)).toBe('Delete');
    });
  });
});
