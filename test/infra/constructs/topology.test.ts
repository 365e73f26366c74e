import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/constructs/functions.js';
import { EXAMPLE_TYPES, pascal, resolveTopology } from '../../../infra/constructs/topology.js';
import { constructError } from '../construct-error.js';

const ORDERS = {
  queues: { orders: { fifo: true } },
  tables: { ledger: { partitionKey: 'account' }, orders: { partitionKey: 'orderId' } },
  types: {
    'ledger.credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },
    'orders.place': { queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] },
    'orders.note': { queues: ['orders'], module: './handlers/orders-place.ts', tables: ['orders'] },
  },
};

describe('resolveTopology', () => {
  it('deploys the example type on the default queue when no types are given, its module from Conveyor\'s own folder', () => {
    const topology = resolveTopology({ queueName: 'payments' }, '/elsewhere');

    expect(topology.queueNames).toEqual(['payments']);
    expect(topology.typesOf).toEqual({ payments: Object.keys(EXAMPLE_TYPES.types) });
    expect(topology.tables).toEqual(EXAMPLE_TYPES.tables);
    expect(topology.modules['ledger.credit']).toBe(join(REPO_ROOT, 'handlers/ledger-credit.ts'));
  });

  it('lists the queues default first, and resolves which types and tables each queue\'s consumer has', () => {
    const topology = resolveTopology(ORDERS, REPO_ROOT);

    expect(topology.queueNames).toEqual(['ledger', 'orders']);
    expect(topology.typesOf).toEqual({ ledger: ['ledger.credit'], orders: ['orders.place', 'orders.note'] });
    expect(topology.tablesOf).toEqual({ ledger: ['ledger'], orders: ['orders'] });
    expect(topology.modules['orders.place']).toBe(join(REPO_ROOT, 'handlers/orders-place.ts'));
  });

  it('refuses to declare the default queue again under queues', () => {
    expect(() => resolveTopology({ ...ORDERS, queues: { ledger: {}, ...ORDERS.queues } }, REPO_ROOT)).toThrow(constructError('INVALID_PROP', 'queues'));
  });

  it('refuses a stack-wide setting under a queue, naming its path', () => {
    const props = { ...ORDERS, queues: { orders: { fifo: true, apiRateLimit: 5 } } };

    expect(() => resolveTopology(props, REPO_ROOT)).toThrow(constructError('UNKNOWN_PROP', 'queues.orders.apiRateLimit'));
    expect(() => resolveTopology(props, REPO_ROOT)).toThrow('queues.orders.apiRateLimit is not a per-queue setting');
  });

  it('resolves module paths from the project folder it is given', () => {
    expect(() => resolveTopology(ORDERS, '/nowhere')).toThrow(constructError('INVALID_PROP', 'types.ledger.credit.module'));
    expect(() => resolveTopology(ORDERS, '/nowhere')).toThrow('/nowhere/handlers/ledger-credit.ts does not exist');
  });
});

describe('pascal', () => {
  it.each([['orders', 'Orders'], ['order-events', 'OrderEvents'], ['a', 'A'], ['eu-2', 'Eu2']])('turns %s into %s', (name, id) => {
    expect(pascal(name)).toBe(id);
  });
});
