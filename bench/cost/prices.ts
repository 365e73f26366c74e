/**
 * The price table of the cost model: its types, and a loader that validates `prices.json` (every
 * price the model needs present, a known unit, a finite non-negative amount, a source and a date).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from '../errors.js';

/** Units a price may be quoted in, with the quantity of the billed thing each one stands for. */
export const PRICE_UNITS = {
  '1M requests': 1_000_000,
  '1M write request units': 1_000_000,
  '1M read request units': 1_000_000,
  'GB-second': 1,
  /** Gigabytes of data (CloudWatch Logs ingestion). */
  GB: 1,
  /** One metric stored for one month (CloudWatch custom metrics). */
  'metric-month': 1,
} as const;

/** A unit of `PRICE_UNITS`. */
export type PriceUnit = keyof typeof PRICE_UNITS;

/** One price: `usd` per `unit`. */
export interface PriceEntry {
  /** Amount in US dollars per `unit`. */
  readonly usd: number;
  /** What `usd` buys, e.g. `1M requests`, `GB-second`. */
  readonly unit: PriceUnit;
  /** URL of the official AWS pricing page. */
  readonly source: string;
  /** ISO date (YYYY-MM-DD) the figure was verified, or of the source text used. */
  readonly checked: string;
  /** Tier, billing rules, and how sure the figure is. */
  readonly note?: string;
}

/** Keys of every price the cost model reads (the table may hold more, for reference). */
export const PRICE_KEYS = [
  'apiGatewayRestRequests',
  'apiGatewayHttpRequests',
  'lambdaRequests',
  'lambdaDurationArm64',
  'lambdaDurationX86',
  'sqsStandardRequests',
  'sqsFifoRequests',
  'dynamodbWriteRequestUnits',
  'dynamodbReadRequestUnits',
  'cloudwatchLogsIngestion',
  'cloudwatchCustomMetrics',
] as const;

/** A key of `PRICE_KEYS`. */
export type PriceKey = (typeof PRICE_KEYS)[number];

/** The whole table, as in `bench/cost/prices.json`. */
export interface PriceTable {
  /** AWS Region the prices apply to (`us-east-1`). */
  readonly region: string;
  /** Currency of every `usd` amount (`USD`). */
  readonly currency: string;
  /** ISO date the table was last reviewed as a whole. */
  readonly retrieved: string;
  /** Free-text caveats that apply to every price. */
  readonly notes?: string;
  /** The prices by key. */
  readonly prices: Readonly<Record<PriceKey, PriceEntry>>;
}

/** Path of the repository's price table. */
export const DEFAULT_PRICE_TABLE_PATH = join(import.meta.dirname, 'prices.json');

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateEntry(key: string, value: unknown): PriceEntry {
  if (!isRecord(value)) throw new BenchError('INVALID_PRICE_TABLE', `price ${key} is missing or not an object`);
  const { usd, unit, source, checked, note } = value;
  if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) throw new BenchError('INVALID_PRICE_TABLE', `price ${key}: usd must be a finite number >= 0, got ${String(usd)}`);
  if (typeof unit !== 'string' || !Object.hasOwn(PRICE_UNITS, unit)) {
    throw new BenchError('INVALID_PRICE_TABLE', `price ${key}: unknown unit ${String(unit)} (allowed: ${Object.keys(PRICE_UNITS).join(', ')})`);
  }
  if (typeof source !== 'string' || !source.startsWith('https://')) throw new BenchError('INVALID_PRICE_TABLE', `price ${key}: source must be an https URL`);
  if (typeof checked !== 'string' || !ISO_DATE.test(checked)) throw new BenchError('INVALID_PRICE_TABLE', `price ${key}: checked must be a YYYY-MM-DD date`);
  if (note !== undefined && typeof note !== 'string') throw new BenchError('INVALID_PRICE_TABLE', `price ${key}: note must be a string`);
  return { usd, unit: unit as PriceUnit, source, checked, ...(note === undefined ? {} : { note }) };
}

/**
 * Checks a parsed price table and returns it typed. Throws `BenchError` `INVALID_PRICE_TABLE` naming the first
 * missing or invalid price. Extra price keys are kept as they are (unvalidated, unused).
 */
export function validatePriceTable(value: unknown): PriceTable {
  if (!isRecord(value)) throw new BenchError('INVALID_PRICE_TABLE', 'price table must be a JSON object');
  const { region, currency, retrieved, notes, prices } = value;
  if (typeof region !== 'string' || region === '') throw new BenchError('INVALID_PRICE_TABLE', 'price table: region must be a non-empty string');
  if (currency !== 'USD') throw new BenchError('INVALID_PRICE_TABLE', `price table: currency must be USD, got ${String(currency)}`);
  if (typeof retrieved !== 'string' || !ISO_DATE.test(retrieved)) throw new BenchError('INVALID_PRICE_TABLE', 'price table: retrieved must be a YYYY-MM-DD date');
  if (!isRecord(prices)) throw new BenchError('INVALID_PRICE_TABLE', 'price table: prices must be an object');
  const checked = Object.fromEntries(PRICE_KEYS.map((key) => [key, validateEntry(key, prices[key])])) as Record<PriceKey, PriceEntry>;
  return { region, currency, retrieved, ...(typeof notes === 'string' ? { notes } : {}), prices: { ...prices, ...checked } as Record<PriceKey, PriceEntry> };
}

/**
 * Reads and validates a price table file.
 * @param path JSON file. @default DEFAULT_PRICE_TABLE_PATH (`bench/cost/prices.json`)
 */
export function loadPriceTable(path: string = DEFAULT_PRICE_TABLE_PATH): PriceTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BenchError('INVALID_PRICE_TABLE', `cannot read price table ${path}`, { cause: error });
  }
  return validatePriceTable(parsed);
}

/** Dollars for `quantity` of what `entry` prices (e.g. 2 000 000 WRU at $0.625 per 1M WRU = $1.25). */
export function priceOf(entry: PriceEntry, quantity: number): number {
  return (quantity / PRICE_UNITS[entry.unit]) * entry.usd;
}
