// `orders.place`: record a customer's order, and book its total in the ledger. Conveyor's example of
// an insert-kind type and of fan-out: the producer sends it to two queues, and each queue's consumer
// applies its own handler once.
// - On the FIFO queue `orders` (grouped by customer): the order is one item keyed by the message's
//   idempotency key, put on condition that the key is absent, so the item is its own idempotency
//   record — one write unit per new order, none per duplicate.
// - On the queue `ledger`: an ADD of the total to the account `sales:<customerId>`, committed with the
//   message's idempotency record (transactional).
// Declared in conveyor.config.ts (queues `orders` and `ledger`, tables `orders` and `ledger`).
import * as v from 'valibot';
import {
  type HandlerFactory,
  type InsertHandler,
  type MessageTable,
  parserOf,
  tableOf,
  type TransactionalHandler,
} from '../functions/handler-api/index.js';

const CUSTOMER = 'must be 1–128 characters of [A-Za-z0-9_.:-]';
const LINES = 'must be an array of 1 to 50 lines';
const LINE = 'must be an object with sku and quantity';
const SKU = 'must be 1–64 characters of [A-Za-z0-9_.:-]';
const QUANTITY = 'must be an integer from 1 to 1000';
const TOTAL = 'must be a non-negative integer number of cents';

/**
 * Payload of `orders.place`: the customer (send it as the message's `groupId` too, to keep a
 * customer's orders in order), 1–50 lines of a SKU and a quantity, and the total in cents.
 */
export const schema = v.strictObject({
  customerId: v.pipe(v.string(CUSTOMER), v.regex(/^[A-Za-z0-9_.:-]{1,128}$/, CUSTOMER)),
  lines: v.pipe(
    v.array(
      v.strictObject({
        sku: v.pipe(v.string(SKU), v.regex(/^[A-Za-z0-9_.:-]{1,64}$/, SKU)),
        quantity: v.pipe(v.number(QUANTITY), v.integer(QUANTITY), v.minValue(1, QUANTITY), v.maxValue(1000, QUANTITY)),
      }, LINE),
      LINES,
    ),
    v.minLength(1, LINES),
    v.maxLength(50, LINES),
  ),
  totalCents: v.pipe(v.number(TOTAL), v.safeInteger(TOTAL), v.minValue(0, TOTAL)),
});

/** Payload of `orders.place`. */
export type OrderPlace = v.InferOutput<typeof schema>;

/** One line of an order. */
export type OrderLine = OrderPlace['lines'][number];

/** Checks an `orders.place` payload; each message starts with the field. */
export const payload = parserOf(schema, 'orders.place');

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
