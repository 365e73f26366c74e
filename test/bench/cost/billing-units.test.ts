import { describe, expect, it } from 'vitest';
import { dynamodbUnits, lambdaGbSeconds, sqsRequestUnits } from '../../../bench/cost/billing-units.js';
import { benchError } from '../bench-error.js';

describe('billing units', () => {
  describe('dynamodbUnits', () => {
    it('PutItem, UpdateItem and DeleteItem of items ≤ 1 KB take 1 WRU each: 1 + 2 + 1 = 4 WRU', () => {
      expect(dynamodbUnits({ PutItem: 1, UpdateItem: 2, DeleteItem: 1 })).toEqual({ writeUnits: 4, readUnits: 0 });
    });

    it('BatchWriteItem counts 1 WRU per item: 20 items = 20 WRU', () => {
      expect(dynamodbUnits({ BatchWriteItem: 20 })).toEqual({ writeUnits: 20, readUnits: 0 });
    });

    it('TransactWriteItems takes 2 WRU per item: 1 transaction of 2 items = 4 WRU', () => {
      expect(dynamodbUnits({ TransactWriteItems: 2 })).toEqual({ writeUnits: 4, readUnits: 0 });
    });

    it('GetItem takes 1 RRU strongly consistent, 0.5 eventually: 2 reads half strong = 1 + 0.5 = 1.5 RRU', () => {
      expect(dynamodbUnits({ GetItem: 2 }, { stronglyConsistentShare: 0.5 })).toEqual({ writeUnits: 0, readUnits: 1.5 });
    });

    it('GetItem all eventually consistent: 3 reads × 0.5 = 1.5 RRU', () => {
      expect(dynamodbUnits({ GetItem: 3 }, { stronglyConsistentShare: 0 }).readUnits).toBe(1.5);
    });

    it('TransactGetItems takes 2 RRU per item: 3 items = 6 RRU, whatever the consistent share', () => {
      expect(dynamodbUnits({ TransactGetItems: 3 }).readUnits).toBe(6);
    });

    it('rounds item size up per KB for writes and per 4 KB for reads: a 5 KB item = 5 WRU per put, 2 RRU per strong read', () => {
      expect(dynamodbUnits({ PutItem: 1, GetItem: 1 }, { itemBytes: 5 * 1024, stronglyConsistentShare: 1 })).toEqual({ writeUnits: 5, readUnits: 2 });
    });

    it('requires the consistent share as soon as there is a GetItem read', () => {
      expect(() => dynamodbUnits({ GetItem: 1 })).toThrow(benchError('INVALID_COST_INPUT', 'stronglyConsistentShare'));
    });

    it('rejects a share above 1, naming it', () => {
      expect(() => dynamodbUnits({ GetItem: 1 }, { stronglyConsistentShare: 1.5 })).toThrow(benchError('INVALID_COST_INPUT', 'stronglyConsistentShare'));
    });

    it('rejects an unknown operation, naming it', () => {
      expect(() => dynamodbUnits({ Scan: 1 } as never)).toThrow(benchError('INVALID_COST_INPUT', 'Scan'));
    });

    it('rejects a negative count, naming it', () => {
      expect(() => dynamodbUnits({ PutItem: -1 })).toThrow(benchError('INVALID_COST_INPUT', 'requests.PutItem'));
    });
  });

  describe('sqsRequestUnits', () => {
    it.each([
      [0, 1],
      [1, 1],
      [64 * 1024, 1],
      [64 * 1024 + 1, 2],
      [128 * 1024, 2],
      [256 * 1024, 4],
    ])('%i bytes = %i billed request(s)', (bytes, units) => {
      expect(sqsRequestUnits(bytes)).toBe(units);
    });

    it('rejects a negative size, naming it', () => {
      expect(() => sqsRequestUnits(-1)).toThrow(benchError('INVALID_COST_INPUT', 'bytesPerRequest'));
    });
  });

  describe('lambdaGbSeconds', () => {
    it('100 ms at 512 MB = 0.1 s × 0.5 GB = 0.05 GB-s', () => {
      expect(lambdaGbSeconds(100, 512)).toBeCloseTo(0.05, 12);
    });

    it('rounds up to the next millisecond: 2.1 ms at 1024 MB bills 3 ms = 0.003 GB-s', () => {
      expect(lambdaGbSeconds(2.1, 1024)).toBeCloseTo(0.003, 12);
    });

    it('bills at least 1 ms: 0.2 ms at 128 MB = 0.001 s × 0.125 GB = 0.000125 GB-s', () => {
      expect(lambdaGbSeconds(0.2, 128)).toBeCloseTo(0.000125, 12);
    });

    it('rejects memory outside 128–10240 MB', () => {
      expect(() => lambdaGbSeconds(10, 64)).toThrow(benchError('INVALID_COST_INPUT', 'memoryMb'));
    });
  });
});
