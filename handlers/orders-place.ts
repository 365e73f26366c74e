// `orders.place`: record a customer's order, and book its total in the ledger. Conveyor's example of
// an insert-kind type and of fan-out: the producer sends it to two queues, and each queue's consumer
// applies its own handler once.
// - On the FIFO queue `orders` (grouped by customer): the order is one item keyed by the message's
//   idempotency key, put on condition that the key is absent, so the item is its own idempotency
//   record — one write unit per new order, none per duplicate.
// - On the queue `ledger`: an ADD of the total to the account `sales:<customerId>`, committed with the
//   message's idempotency record (transactional).
// Declared in conveyor.config.ts (queues `orders` and `ledger`, tables `orders` and `ledger`).
import {
  type HandlerFactory,
  type InsertHandler,
  invalidPayload,
  type JsonObject,
  type MessageTable,
  type PayloadParser,
  tableOf,
  type TransactionalHandler,
} from '../functions/handler-api/index.js';

/** One line of an order. */
export interface OrderLine {
  /** Stock-keeping unit: 1–64 characters of `[A-Za-z0-9_.:-]`. */
  readonly sku: string;
  /** 1–1000. */
  readonly quantity: number;
}

/** Payload of `orders.place`. */
export interface OrderPlace {
  /** Customer id: 1–128 characters of `[A-Za-z0-9_.:-]` (send it as the message's `groupId` too, to keep a customer's orders in order). */
  readonly customerId: string;
  /** 1–50 lines. */
  readonly lines: readonly OrderLine[];
  /** Total in integer cents, ≥ 0. */
  readonly totalCents: number;
}

const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const SKU_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_LINES = 50;
const MAX_QUANTITY = 1000;

function onlyFields(input: JsonObject, fields: readonly string[], at: string): void {
  for (const key of Object.keys(input)) {
    if (!fields.includes(key)) throw invalidPayload(`${at}.${key} is not a known field of orders.place`);
  }
}

function line(value: unknown, at: string): OrderLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidPayload(`${at} must be an object with sku and quantity`);
  onlyFields(value as JsonObject, ['sku', 'quantity'], at);
  const { sku, quantity } = value as JsonObject;
  if (typeof sku !== 'string' || !SKU_PATTERN.test(sku)) throw invalidPayload(`${at}.sku must be 1–64 characters of [A-Za-z0-9_.:-]`);
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw invalidPayload(`${at}.quantity must be an integer from 1 to ${MAX_QUANTITY}`);
  }
  return { sku, quantity };
}

/** Checks an `orders.place` payload; each message starts with the field. */
export const payload: PayloadParser<OrderPlace> = (input: JsonObject) => {
  onlyFields(input, ['customerId', 'lines', 'totalCents'], 'payload');
  const { customerId, lines, totalCents } = input;
  if (typeof customerId !== 'string' || !ID_PATTERN.test(customerId)) {
    throw invalidPayload('payload.customerId must be 1–128 characters of [A-Za-z0-9_.:-]');
  }
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > MAX_LINES) {
    throw invalidPayload(`payload.lines must be an array of 1 to ${MAX_LINES} lines`);
  }
  if (typeof totalCents !== 'number' || !Number.isSafeInteger(totalCents) || totalCents < 0) {
    throw invalidPayload('payload.totalCents must be a non-negative integer number of cents');
  }
  return { customerId, lines: lines.map((value, index) => line(value, `payload.lines[${index}]`)), totalCents };
};

/** The order as one item of `table`, keyed (its partition key) by the message's idempotency key. */
export function placeOrder(table: MessageTable): InsertHandler<OrderPlace> {
  return {
    kind: 'insert',
    table: { tableName: table.tableName, keyAttribute: table.partitionKey },
    item: ({ customerId, lines, totalCents }, { envelope }) => ({
      customerId: { S: customerId },
      totalCents: { N: String(totalCents) },
      lines: { L: lines.map(({ sku, quantity }) => ({ M: { sku: { S: sku }, quantity: { N: String(quantity) } } })) },
      placedAt: { N: String(envelope.acceptedAt) },
    }),
  };
}

/** The ledger account an order's total is booked to. */
export const salesAccountOf = (customerId: string): string => `sales:${customerId}`;

/** The order's total added to the customer's sales account in `table` (partition key: the account). */
export function bookSale(table: MessageTable): TransactionalHandler<OrderPlace> {
  return {
    kind: 'transactional',
    writes: ({ customerId, totalCents }) => [{
      Update: {
        TableName: table.tableName,
        Key: { [table.partitionKey]: { S: salesAccountOf(customerId) } },
        UpdateExpression: 'ADD balance :total, credits :one',
        ExpressionAttributeValues: { ':total': { N: String(totalCents) }, ':one': { N: '1' } },
      },
    }],
  };
}

/** The handler of each queue the type goes to: the order on `ledger` is booked, elsewhere (`orders`) inserted. */
export const handler: HandlerFactory<OrderPlace> = (deps) =>
  deps.queue === 'ledger' ? bookSale(tableOf(deps, 'ledger')) : placeOrder(tableOf(deps, 'orders'));
