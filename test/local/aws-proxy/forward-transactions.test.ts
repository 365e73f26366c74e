import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AwsProxy, createAwsProxy } from '../../../local/aws-proxy/aws-proxy.js';
import { createTable, proxiedDynamodb } from './support.js';
import { addEntry, transact } from './transactions-support.js';

/**
 * With `emulateTransactions: false` (an upstream with real transactions, such as LocalStack) the
 * proxy forwards TransactWriteItems as it is. dynalite, the upstream here, lacks the operation, so
 * its refusal proves the request reached it instead of being executed by the proxy.
 */
describe('AWS proxy with emulateTransactions: false', () => {
  let proxy: AwsProxy;
  beforeAll(async () => {
    proxy = await createAwsProxy({ upstream: { sqs: inject('sqsEndpoint'), dynamodb: inject('dynaliteEndpoint') }, emulateTransactions: false });
  });
  afterAll(() => proxy.close());

  it('forwards TransactWriteItems to the upstream instead of executing it', async () => {
    const dynamodb = proxiedDynamodb(proxy);
    const table = await createTable(dynamodb);

    const outcome = await transact(dynamodb, [addEntry(table, 'a')]);

    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).name).not.toBe('TransactionCanceledException');
    expect(proxy.counters.snapshot().dynamodb?.TransactWriteItems?.['-']).toMatchObject({ requests: 1, errors: 1 });
    dynamodb.destroy();
  });

  it('rejects a non-boolean emulateTransactions', async () => {
    await expect(createAwsProxy({ upstream: { sqs: 'http://127.0.0.1:1', dynamodb: 'http://127.0.0.1:1' }, emulateTransactions: 'yes' as never }))
      .rejects.toThrow(/emulateTransactions/);
  });
});
