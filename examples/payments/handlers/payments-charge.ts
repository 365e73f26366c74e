// `payments.charge`: record a charge of `amountCents` in `currency` to a customer, once. An insert-kind
// type: the charge is one item of table `charges`, keyed by the message's idempotency key and put on
// condition that the key is absent, so the item is its own idempotency record. Declared in this
// app's conveyor.config.ts (queue `payments`, table `charges`); of Conveyor, it imports the handler
// API only (`conveyor/handler`).
import * as v from 'valibot';
import { type HandlerFactory, type InsertHandler, type MessageTable, parserOf, tableOf } from 'conveyor/handler';

const CUSTOMER = 'must be 1–128 characters of [A-Za-z0-9_.:-]';
const AMOUNT = 'must be a positive integer number of cents';
const CURRENCY = 'must be an ISO 4217 code of three capital letters';

/** Payload of `payments.charge`: the customer, the amount in integer cents, and its currency (`EUR`). */
export const schema = v.strictObject({
  customerId: v.pipe(v.string(CUSTOMER), v.regex(/^[A-Za-z0-9_.:-]{1,128}$/, CUSTOMER)),
  amountCents: v.pipe(v.number(AMOUNT), v.safeInteger(AMOUNT), v.minValue(1, AMOUNT)),
  currency: v.pipe(v.string(CURRENCY), v.regex(/^[A-Z]{3}$/, CURRENCY)),
});

/** Payload of `payments.charge`. */
export type PaymentsCharge = v.InferOutput<typeof schema>;

/** Checks a `payments.charge` payload; each message starts with the field. */
export const payload = parserOf(schema, 'payments.charge');

/** The charge as one item of `table`, keyed (its partition key) by the message's idempotency key. */
export function recordCharge(table: MessageTable): InsertHandler<PaymentsCharge> {
  return {
    kind: 'insert',
    table: { tableName: table.tableName, keyAttribute: table.partitionKey },
    item: ({ customerId, amountCents, currency }, { envelope }) => ({
      customerId: { S: customerId },
      amountCents: { N: String(amountCents) },
      currency: { S: currency },
      chargedAt: { N: String(envelope.acceptedAt) },
    }),
  };
}

/** The handler, writing table `charges`. */
export const handler: HandlerFactory<PaymentsCharge> = (deps) => recordCharge(tableOf(deps, 'charges'));
