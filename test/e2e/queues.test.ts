import { randomUUID } from 'node:crypto';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { api, credit, dynamodb, eventually, ledgerWith, newAccount, target, unavailable } from './support/conveyor-client.js';

/** An `orders.place` request body for `customerId`, grouped by the customer. */
const order = (customerId: string, totalCents: number, extra: Record<string, unknown> = {}) => ({
  type: 'orders.place',
  groupId: customerId,
  payload: { customerId, lines: [{ sku: 'A-1', quantity: 1 }], totalCents },
  ...extra,
});

/** The customer's orders in the orders table. */
async function ordersOf(db: DynamoDBClient, customerId: string): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: target().ordersTableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []).filter((item) => item.customerId?.S === customerId));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

// The shipped config's second queue: FIFO `orders` with the insert-kind `orders.place`, which also
// goes to `ledger` (fan-out) to book the order's total.
describe.skipIf(unavailable() !== '' || target().ordersTableName === '')('two queues: ledger (standard) and orders (FIFO)', () => {
  const db = dynamodb();
  afterAll(() => db.destroy());

  it('sends each type to its queue and applies both', async () => {
    const account = newAccount();
    const customer = `cust-${randomUUID()}`;

    const responses = await Promise.all([api('messages', { body: credit(account, 7) }), api('messages', { body: order(customer, 42) })]);

    expect(responses.map((response) => response.status)).toEqual([202, 202]);
    expect(await ledgerWith(db, account, 1)).toEqual({ balance: 7, credits: 1 });
    const [placed] = await eventually(async () => ((await ordersOf(db, customer)).length === 1 ? ordersOf(db, customer) : undefined), `the order of ${customer}`);
    expect(placed?.totalCents).toEqual({ N: '42' });
  });

  it('applies a customer\'s orders once each, in the order they were sent, a re-sent key included', async () => {
    const customer = `cust-${randomUUID()}`;
    const keys = Array.from({ length: 5 }, (_, index) => `${customer}-order-${index}`);

    for (const [index, key] of keys.entries()) {
      const response = await api('messages', { body: order(customer, index), headers: { 'Idempotency-Key': key } });
      expect(response.status).toBe(202);
    }
    const again = await api('messages', { body: order(customer, 2), headers: { 'Idempotency-Key': keys[2]! } });
    const placed = await eventually(async () => {
      const found = await ordersOf(db, customer);
      return found.length >= keys.length ? found : undefined;
    }, `the ${keys.length} orders of ${customer}`);

    expect(again.status).toBe(202);
    expect(placed).toHaveLength(keys.length);
    const byApplied = [...placed].sort((a, b) => Number(a.conveyorAppliedAt?.N) - Number(b.conveyorAppliedAt?.N));
    expect(byApplied.map((item) => Number(item.totalCents?.N))).toEqual([0, 1, 2, 3, 4]);
  });

  it('delivers an order to both of its queues (fan-out): inserted on orders, its total booked on ledger, each once', async () => {
    const customer = `cust-${randomUUID()}`;
    const key = `${customer}-fan`;

    const answers = [
      await api('messages', { body: order(customer, 300), headers: { 'Idempotency-Key': key } }),
      await api('messages', { body: order(customer, 300), headers: { 'Idempotency-Key': key } }),
    ];
    await api('messages', { body: order(customer, 5), headers: { 'Idempotency-Key': `${key}-2` } });

    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    expect(Object.keys(answers[0]!.json.messageIds)).toEqual(['orders', 'ledger']);
    expect(await ledgerWith(db, `sales:${customer}`, 2)).toEqual({ balance: 305, credits: 2 });
    const placed = await eventually(async () => {
      const found = await ordersOf(db, customer);
      return found.length >= 2 ? found : undefined;
    }, `the 2 orders of ${customer}`);
    expect(placed).toHaveLength(2);
    const status = await eventually(async () => {
      const answer = await api(`messages/${encodeURIComponent(key)}`, { method: 'GET' });
      return answer.json.status === 'completed' ? answer.json : undefined;
    }, `the status of ${key}`);
    expect(Object.keys(status.queues).sort()).toEqual(['ledger', 'orders']);
  });

  it('takes an order on the type\'s own route, whose model the gateway checks before the producer runs', async () => {
    const customer = `cust-${randomUUID()}`;
    const { payload, groupId } = order(customer, 9);

    const accepted = await api(`types/orders.place/messages`, { body: { groupId, payload } });
    const refused = await api(`types/orders.place/messages`, { body: { groupId, payload: { ...payload, lines: [] } } });

    expect(accepted.status).toBe(202);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('send it to POST /messages to have the field at fault named') });
    const [placed] = await eventually(async () => ((await ordersOf(db, customer)).length === 1 ? ordersOf(db, customer) : undefined), `the order of ${customer}`);
    expect(placed?.totalCents).toEqual({ N: '9' });
  });

  it('refuses an order without a group, naming the FIFO queue, and queues nothing', async () => {
    const customer = `cust-${randomUUID()}`;

    const response = await api('messages', { body: { ...order(customer, 1), groupId: undefined } });

    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe('body.groupId is required: type orders.place goes to a FIFO queue');
  });
});
