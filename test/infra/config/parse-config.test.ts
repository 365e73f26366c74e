import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { parseConveyorConfig, SETTING_KEYS } from '../../../infra/config/index.js';
import type { ConveyorQueueProps } from '../../../infra/constructs/conveyor-queue-props.js';
import { PROP_SPECS } from '../../../infra/constructs/prop-specs.js';
import { constructError } from '../construct-error.js';
import { buildConveyor } from '../factories.js';
import { REPO_ROOT } from '../../../infra/constructs/functions.js';

/** The problem the construct reports for `props` (its message without `ConveyorQueue: `). */
function constructProblem(props: ConveyorQueueProps): string {
  try {
    buildConveyor(props);
  } catch (error) {
    return (error as Error).message.replace(/^ConveyorQueue: /, '');
  }
  throw new Error(`the construct accepts ${JSON.stringify(props)}`);
}

/** The example orders queue's type and table, as conveyor.config.ts declares them. */
const ORDERS_MODULE = './handlers/orders-place.ts';
const ORDERS = {
  tables: { ledger: { partitionKey: 'account' }, orders: { partitionKey: 'orderId' } },
  types: {
    'ledger.credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] },
    'orders.place': { queues: ['orders'], module: ORDERS_MODULE, tables: ['orders'] },
  },
};

const withLedger = (settings: Record<string, unknown>, stack?: Record<string, unknown>) => ({ ...(stack ? { stack } : {}), queues: { ledger: settings } });

describe('parseConveyorConfig', () => {
  describe('settings', () => {
    it('returns no props for a queue at its defaults', () => {
      expect(parseConveyorConfig({ queues: { ledger: {} } })).toEqual({ queueName: 'ledger' });
    });

    it('returns the stack settings and the queue settings together, only those set', () => {
      const config = withLedger({ batchSize: 5, retryBudget: Duration.hours(1), maxConcurrency: undefined }, { alarmEmail: 'ops@example.com', removalPolicy: RemovalPolicy.DESTROY });

      expect(parseConveyorConfig(config)).toEqual({
        queueName: 'ledger',
        batchSize: 5,
        retryBudget: Duration.hours(1),
        alarmEmail: 'ops@example.com',
        removalPolicy: RemovalPolicy.DESTROY,
      });
    });
  });

  describe('rules', () => {
    // [the construct's props, the same settings in the file, the path the message names]
    const cases: [string, ConveyorQueueProps, object, string][] = [
      ['a per-queue range', { batchSize: 0 }, withLedger({ batchSize: 0 }), 'queues.ledger.batchSize'],
      ['a stack-wide range', { apiRateLimit: 0 }, withLedger({}, { apiRateLimit: 0 }), 'stack.apiRateLimit'],
      ['a rule over two settings', { retryBaseDelay: Duration.seconds(30), retryMaxDelay: Duration.seconds(10) }, withLedger({ retryBaseDelay: Duration.seconds(30), retryMaxDelay: Duration.seconds(10) }), 'queues.ledger.retryMaxDelay'],
      ['a rule against a default', { fifo: true, batchSize: 11 }, withLedger({ fifo: true, batchSize: 11 }), 'queues.ledger.batchSize'],
      ['a derived default', { consumerTimeout: Duration.minutes(15), visibilityTimeout: Duration.minutes(30) }, withLedger({ consumerTimeout: Duration.minutes(15), visibilityTimeout: Duration.minutes(30) }), 'queues.ledger.visibilityTimeout'],
    ];

    it.each(cases)('reports %s with the path and the construct’s rule', (_case, props, config, path) => {
      const prop = path.split('.').at(-1)!;
      const problem = constructProblem(props);

      const parse = () => parseConveyorConfig(config);

      expect(parse).toThrow(constructError('INVALID_CONFIG', path));
      expect(parse).toThrow(`conveyor.config.ts: ${path}${problem.slice(prop.length)}`);
    });

    it('names the path, the range and the value', () => {
      expect(() => parseConveyorConfig(withLedger({ batchSize: 0 }))).toThrow(/^conveyor\.config\.ts: queues\.ledger\.batchSize must be an integer between 1 and \d+ \(got 0\)$/);
    });

    it('checks the file on its own, over the defaults', () => {
      // batchSize above 10 needs a batching window; the file gives none, so the default (none) applies.
      expect(PROP_SPECS.maxBatchingWindow.default.toSeconds()).toBe(0);
      expect(() => parseConveyorConfig(withLedger({ batchSize: 100 }))).toThrow(constructError('INVALID_CONFIG', 'queues.ledger.batchSize'));
    });

    it('wants a Duration where the prop is one', () => {
      expect(() => parseConveyorConfig(withLedger({ retryBudget: 3600 }))).toThrow(constructError('INVALID_CONFIG', 'queues.ledger.retryBudget'));
      expect(() => parseConveyorConfig(withLedger({ retryBudget: 3600 }))).toThrow(
        'conveyor.config.ts: queues.ledger.retryBudget must be a Duration from aws-cdk-lib, e.g. Duration.seconds(30) (got 3600)',
      );
    });

    it('reports a value of the wrong type with the rule', () => {
      expect(() => parseConveyorConfig(withLedger({ fifo: 'yes' }))).toThrow(/^conveyor\.config\.ts: queues\.ledger\.fifo must be a boolean \(got yes\)$/);
    });
  });

  describe('unknown keys', () => {
    it('names a key of the config it does not have, and the ones it has', () => {
      const parse = () => parseConveyorConfig({ queues: { ledger: {} }, queue: {} });

      expect(parse).toThrow(constructError('UNKNOWN_CONFIG_KEY', 'queue'));
      expect(parse).toThrow('conveyor.config.ts: unknown key queue; the keys of the config are stack, queues');
    });

    it('names a key a queue does not have, and lists a queue’s', () => {
      const parse = () => parseConveyorConfig(withLedger({ batchsize: 5 }));

      expect(parse).toThrow(constructError('UNKNOWN_CONFIG_KEY', 'queues.ledger.batchsize'));
      expect(parse).toThrow(`conveyor.config.ts: unknown key queues.ledger.batchsize; the keys of a queue are ${SETTING_KEYS.queue.join(', ')}`);
    });

    it('names a key the stack does not have, and lists the stack’s', () => {
      const parse = () => parseConveyorConfig(withLedger({}, { alarmMail: 'ops@example.com' }));

      expect(parse).toThrow(constructError('UNKNOWN_CONFIG_KEY', 'stack.alarmMail'));
      expect(parse).toThrow(`conveyor.config.ts: unknown key stack.alarmMail; the keys of stack are ${SETTING_KEYS.stack.join(', ')}`);
    });

    it('says where a stack-wide setting goes when it is under a queue', () => {
      const [setting] = SETTING_KEYS.stack;

      expect(() => parseConveyorConfig(withLedger({ [setting!]: 1 }))).toThrow(`conveyor.config.ts: queues.ledger.${setting} is a stack-wide setting: set it under stack`);
    });

    it('says where a per-queue setting goes when it is under stack', () => {
      const [setting] = SETTING_KEYS.queue;

      expect(() => parseConveyorConfig(withLedger({}, { [setting!]: 1 }))).toThrow(`conveyor.config.ts: stack.${setting} is a per-queue setting: set it under queues.<name>`);
    });
  });

  describe('queues', () => {
    it.each(['ledger', 'a', 'orders-eu-2', `q${'x'.repeat(39)}`])('accepts the name %s', (name) => {
      expect(parseConveyorConfig({ queues: { [name]: {} } })).toEqual({ queueName: name });
    });

    it.each(['Ledger', '2fast', '-ledger', 'ledger_eu', 'ledger.eu', `q${'x'.repeat(40)}`, ''])('rejects the name %j', (name) => {
      const parse = () => parseConveyorConfig({ queues: { [name]: {} } });

      expect(parse).toThrow(constructError('INVALID_CONFIG', `queues.${name}`));
      expect(parse).toThrow(`conveyor.config.ts: queue name ${JSON.stringify(name)} must be a lowercase letter, then up to 39 lowercase letters, digits or hyphens`);
    });

    it('requires the queues', () => {
      expect(() => parseConveyorConfig({ stack: {} })).toThrow(constructError('INVALID_CONFIG', 'queues'));
      expect(() => parseConveyorConfig({ stack: {} })).toThrow(/^conveyor\.config\.ts: queues is required/);
    });

    it('requires a queue', () => {
      expect(() => parseConveyorConfig({ queues: {} })).toThrow(/^conveyor\.config\.ts: queues must declare at least one queue/);
    });

    it('gives the first queue\'s settings as the props, and the others\' under queues, laid over nothing but their own', () => {
      const config = { stack: { apiRateLimit: 20 }, queues: { ledger: { batchSize: 5 }, orders: { fifo: true, maxReceiveCount: 3 } }, ...ORDERS };

      expect(parseConveyorConfig(config)).toEqual({
        apiRateLimit: 20,
        batchSize: 5,
        queueName: 'ledger',
        queues: { orders: { fifo: true, maxReceiveCount: 3 } },
        ...ORDERS,
      });
    });

    it('checks each queue\'s settings with the rules, naming the queue', () => {
      const parse = () => parseConveyorConfig({ queues: { ledger: {}, orders: { fifo: true, batchSize: 11 } }, ...ORDERS });

      expect(parse).toThrow(constructError('INVALID_CONFIG', 'queues.orders.batchSize'));
      expect(parse).toThrow(/^conveyor\.config\.ts: queues\.orders\.batchSize must be/);
    });
  });

  describe('tables and types', () => {
    it.each([
      ['a type on an undeclared queue', { queues: { ledger: {} }, types: { 'orders.place': { queues: ['orders'], module: ORDERS_MODULE } } }, 'types.orders.place.queues', /names queue orders, which is not declared \(queues: ledger\)/],
      ['a type on no queue', { queues: { ledger: {} }, types: { 'orders.place': { queues: [], module: ORDERS_MODULE } } }, 'types.orders.place.queues', /must name at least one queue/],
      ['a type on one queue twice', { queues: { ledger: {} }, types: { 'orders.place': { queues: ['ledger', 'ledger'], module: ORDERS_MODULE } } }, 'types.orders.place.queues', /names a queue twice \(ledger, ledger\)/],
      ['a type writing an undeclared table', { queues: { ledger: {} }, types: { 'orders.place': { queues: ['ledger'], module: ORDERS_MODULE, tables: ['orders'] } } }, 'types.orders.place.tables', /names table orders, which is not declared \(tables: none\)/],
      ['a module that does not exist', { queues: { ledger: {} }, types: { 'orders.place': { queues: ['ledger'], module: './handlers/nope.ts' } } }, 'types.orders.place.module', /handlers\/nope\.ts does not exist/],
      ['a queue no type goes to', { queues: { ledger: {}, orders: {} }, types: { 'orders.place': { queues: ['ledger'], module: ORDERS_MODULE } } }, 'queues.orders', /queue orders carries no message type/],
      ['a bad table name', { queues: { ledger: {} }, tables: { Orders: { partitionKey: 'id' } } }, 'tables', /table name "Orders" must match/],
      ['a bad partition key', { queues: { ledger: {} }, tables: { orders: { partitionKey: 'order id' } } }, 'tables.orders.partitionKey', /must be an attribute name/],
      ['a bad type name', { queues: { ledger: {} }, types: { '1st': { queues: ['ledger'], module: ORDERS_MODULE } } }, 'types', /type name "1st" must match/],
    ])('refuses %s, naming where', (_name, config, path, message) => {
      const parse = () => parseConveyorConfig(config, REPO_ROOT);

      expect(parse).toThrow(constructError('INVALID_CONFIG', path));
      expect(parse).toThrow(message);
    });

    it.each([
      ['an unknown key of a type', { queues: { ledger: {} }, types: { 'orders.place': { queues: ['ledger'], module: ORDERS_MODULE, queue: 'ledger' } } }, 'types.orders.place.queue'],
      ['an unknown key of a table', { queues: { ledger: {} }, tables: { orders: { partitionKey: 'id', sortKey: 'x' } } }, 'tables.orders.sortKey'],
    ])('refuses %s, naming it', (_name, config, path) => {
      expect(() => parseConveyorConfig(config, REPO_ROOT)).toThrow(constructError('UNKNOWN_CONFIG_KEY', path));
    });

    it('refuses a type whose queues is not a list of names', () => {
      const parse = () => parseConveyorConfig({ queues: { ledger: {} }, types: { 'orders.place': { queues: 'ledger', module: ORDERS_MODULE } } });
      expect(parse).toThrow(constructError('INVALID_CONFIG', 'types.orders.place.queues'));
    });
  });

  describe('shape', () => {
    it.each([
      ['the default export', undefined, ''],
      ['the default export', [], ''],
      ['stack', { stack: 'big', queues: { ledger: {} } }, 'stack'],
      ['queues', { queues: ['ledger'] }, 'queues'],
      ['queues.ledger', { queues: { ledger: true } }, 'queues.ledger'],
    ])('wants %s to be an object', (what, config, path) => {
      const parse = () => parseConveyorConfig(config);

      expect(parse).toThrow(constructError('INVALID_CONFIG', path));
      expect(parse).toThrow(`conveyor.config.ts: ${what} must be an object`);
    });
  });
});
