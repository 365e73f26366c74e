import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRICE_KEYS, loadPriceTable, priceOf, validatePriceTable } from '../../../bench/cost/prices.js';
import { benchError } from '../bench-error.js';
import { price, priceTable } from './support.js';

describe('price table', () => {
  describe('bench/cost/prices.json', () => {
    it('holds every price the model reads, for us-east-1 in USD, each with an official source and a date', () => {
      // Act
      const table = loadPriceTable();

      // Assert
      expect(table.region).toBe('us-east-1');
      expect(table.currency).toBe('USD');
      for (const key of PRICE_KEYS) {
        expect(table.prices[key].source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
        expect(table.prices[key].checked, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    });

    it('prices DynamoDB on-demand after the November 2024 cut: $0.625 per 1M WRU, $0.125 per 1M RRU', () => {
      // Act
      const { prices } = loadPriceTable();

      // Assert
      expect(prices.dynamodbWriteRequestUnits).toMatchObject({ usd: 0.625, unit: '1M write request units' });
      expect(prices.dynamodbReadRequestUnits).toMatchObject({ usd: 0.125, unit: '1M read request units' });
    });
  });

  describe('validatePriceTable', () => {
    it('names a missing price', () => {
      // Arrange
      const { lambdaRequests: _dropped, ...rest } = priceTable().prices;

      // Act / Assert
      expect(() => validatePriceTable({ ...priceTable(), prices: rest })).toThrow(benchError('INVALID_PRICE_TABLE', 'lambdaRequests'));
    });

    it('rejects an unknown unit, naming the price', () => {
      // Arrange
      const table = priceTable({ sqsStandardRequests: { ...price(0.4, '1M requests'), unit: 'per request' as never } });

      // Act / Assert
      expect(() => validatePriceTable(table)).toThrow(benchError('INVALID_PRICE_TABLE', 'sqsStandardRequests: unknown unit per request'));
    });

    it('rejects a negative amount, naming the price', () => {
      // Arrange
      const table = priceTable({ lambdaRequests: price(-0.2, '1M requests') });

      // Act / Assert
      expect(() => validatePriceTable(table)).toThrow(benchError('INVALID_PRICE_TABLE', 'lambdaRequests: usd'));
    });

    it('rejects a source that is not an https URL, naming the price', () => {
      // Arrange
      const table = priceTable({ lambdaRequests: { ...price(0.2, '1M requests'), source: 'memory' } });

      // Act / Assert
      expect(() => validatePriceTable(table)).toThrow(benchError('INVALID_PRICE_TABLE', 'lambdaRequests: source'));
    });
  });

  describe('loadPriceTable', () => {
    it('rejects an unreadable file, naming it and keeping the cause', () => {
      // Arrange
      const path = join(mkdtempSync(join(tmpdir(), 'conveyor-prices-')), 'prices.json');
      writeFileSync(path, '{ not json');

      // Act / Assert
      expect(() => loadPriceTable(path)).toThrow(benchError('INVALID_PRICE_TABLE', path));
      expect(() => loadPriceTable(path)).toThrow(expect.objectContaining({ cause: expect.any(SyntaxError) }));
    });
  });

  describe('priceOf', () => {
    it('2 000 000 WRU at $0.625 per 1M WRU = $1.25', () => {
      expect(priceOf(price(0.625, '1M write request units'), 2_000_000)).toBeCloseTo(1.25, 12);
    });

    it('10 000 GB-s at $0.0000133334 per GB-s = $0.133334', () => {
      expect(priceOf(price(0.0000133334, 'GB-second'), 10_000)).toBeCloseTo(0.133334, 12);
    });
  });
});
