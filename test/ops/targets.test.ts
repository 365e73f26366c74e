import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsError } from '../../ops/errors.js';
import { resolveTarget } from '../../ops/targets.js';
import { queueOutput, stackOutputs } from './stack-outputs.js';

const deployed = {
  ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
  ApiKeyId: 'k1y2',
  QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-ConveyorQueue39B9F0E9-AbC',
  DeadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Conveyor-ConveyorDeadLetterQueue8EB7107D-XyZ',
  IdempotencyTableName: 'Conveyor-ConveyorIdempotencyTable-1',
  LedgerTableName: 'Conveyor-ConveyorLedgerTable-1',
};

describe('resolveTarget', () => {
  let dir: string;
  const write = (name: string, content: unknown): string => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conveyor-targets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('aws and localstack', () => {
    it('reads the stack outputs from a cdk deploy --outputs-file file', async () => {
      const file = write('cdk.json', { Conveyor: deployed });

      const target = await resolveTarget({ target: 'aws', outputsFile: file, apiKey: 'the-key' });

      expect(target.stackName).toBe('Conveyor');
      expect(target.apiUrl).toBe(deployed.ApiUrl);
      expect(target.queueUrl).toBe(deployed.QueueUrl);
      expect(target.deadLetterQueueUrl).toBe(deployed.DeadLetterQueueUrl);
      expect(target.ledgerTableName).toBe(deployed.LedgerTableName);
      expect(target.region).toBe('eu-west-1');
      expect(target.awsEndpoint).toBeUndefined();
      expect(target.credentials).toBeUndefined();
      expect(await target.apiKey()).toBe('the-key');
    });

    it('reads a flat file of outputs', async () => {
      const file = write('flat.json', { ...deployed, ApiUrl: deployed.ApiUrl.replace(/\/$/, '') });

      const target = await resolveTarget({ target: 'aws', outputsFile: file, region: 'us-west-2', apiKey: 'k' });

      expect(target.stackName).toBe('Conveyor');
      expect(target.apiUrl).toBe(deployed.ApiUrl);
      expect(target.region).toBe('us-west-2');
    });

    it('resolves a relative outputs file against the project folder', async () => {
      write('project/out.json', { Conveyor: deployed });

      const target = await resolveTarget({ target: 'aws', outputsFile: 'out.json', projectDir: join(dir, 'project'), apiKey: 'k' });

      expect(target.outputsFile).toBe('out.json');
      expect(target.queueUrl).toBe(deployed.QueueUrl);
    });

    it('needs --stack when the file holds several stacks, and takes the one named', async () => {
      const file = write('two.json', { Orders: deployed, Payments: { ...deployed, QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/payments' } });

      await expect(resolveTarget({ target: 'aws', outputsFile: file })).rejects.toThrow(/several stacks.*--stack \(Orders, Payments\)/);
      const target = await resolveTarget({ target: 'aws', outputsFile: file, stack: 'Payments', apiKey: 'k' });
      expect(target.stackName).toBe('Payments');
      expect(target.queueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/1/payments');
    });

    it('names the missing file and how to make it', async () => {
      const missing = join(dir, 'nope.json');

      const error = await resolveTarget({ target: 'aws', outputsFile: missing }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(OpsError);
      expect(error).toMatchObject({ code: 'OUTPUTS_FILE', details: { file: missing } });
      expect((error as Error).message).toContain(`no outputs file ${missing}`);
      expect((error as Error).message).toContain('--outputs-file');
    });

    it('refuses a file that is not JSON, or not outputs', async () => {
      await expect(resolveTarget({ target: 'aws', outputsFile: write('bad.json', '{ not json') })).rejects.toMatchObject({ code: 'OUTPUTS_FILE' });
      await expect(resolveTarget({ target: 'aws', outputsFile: write('array.json', [1, 2]) })).rejects.toThrow(/not an outputs file/);
      await expect(resolveTarget({ target: 'aws', outputsFile: write('nested.json', { Conveyor: { ApiUrl: { deep: 1 } } }) })).rejects.toThrow(/not an outputs file/);
    });

    it('names an output the command needs and the file lacks', async () => {
      const { DeadLetterQueueUrl: _omitted, ...rest } = deployed;
      const file = write('partial.json', { Conveyor: rest });
      const target = await resolveTarget({ target: 'aws', outputsFile: file, apiKey: 'k' });

      expect(() => target.deadLetterQueueUrl).toThrow(expect.objectContaining({ code: 'MISSING_OUTPUT', details: expect.objectContaining({ output: 'DeadLetterQueueUrl' }) }));
      expect(() => target.deadLetterQueueUrl).toThrow(`${file} has no output DeadLetterQueueUrl`);
      expect(target.queueUrl).toBe(deployed.QueueUrl);
    });

    describe('queues and tables', () => {
      const ledger = queueOutput('ledger');
      const orders = queueOutput('orders', { fifo: true });

      it('resolves a queue by name from the Queues output; the default queue without one', async () => {
        const file = write('queues.json', { Conveyor: stackOutputs({ ledger, orders }) });

        const target = await resolveTarget({ target: 'aws', outputsFile: file, apiKey: 'k' });

        expect(target.queueNames).toEqual(['ledger', 'orders']);
        expect(target.queue('orders')).toEqual({ name: 'orders', queueUrl: orders.queueUrl, deadLetterQueueUrl: orders.deadLetterQueueUrl, fifo: true, consumerLogGroupName: orders.consumerLogGroupName });
        expect(target.queue().name).toBe('ledger');
        expect(target.queueUrl).toBe(ledger.queueUrl);
        expect(target.deadLetterQueueUrl).toBe(ledger.deadLetterQueueUrl);
        expect(() => target.queue('payments')).toThrow(expect.objectContaining({ code: 'UNKNOWN_QUEUE', message: expect.stringContaining('ledger, orders') }));
      });

      it('reads the ledger table from the Tables output, and from LedgerTableName in older files', async () => {
        const current = await resolveTarget({ target: 'aws', outputsFile: write('tables.json', { Conveyor: stackOutputs({ ledger }) }), apiKey: 'k' });
        const older = await resolveTarget({ target: 'aws', outputsFile: write('older.json', { Conveyor: deployed }), apiKey: 'k' });

        expect(current.ledgerTableName).toBe('Conveyor-LedgerTable-1');
        expect(current.tableName('orders')).toBe('Conveyor-OrdersTable-1');
        expect(older.ledgerTableName).toBe(deployed.LedgerTableName);
        expect(older.queue().name).toBe('default');
      });

      it('refuses a malformed Queues output only when a queue is asked for', async () => {
        const file = write('bad-queues.json', { Conveyor: { ...deployed, Queues: '[1]' } });

        const target = await resolveTarget({ target: 'aws', outputsFile: file, apiKey: 'k' });

        expect(target.apiUrl).toBe(deployed.ApiUrl);
        expect(() => target.queueUrl).toThrow(expect.objectContaining({ code: 'OUTPUTS_FILE', details: { file, output: 'Queues' } }));
      });

      it('finds the region in the Queues output\'s URLs when no other output names one', async () => {
        const { ApiUrl: _api, QueueUrl: _queue, DeadLetterQueueUrl: _dlq, ...rest } = stackOutputs({ ledger: queueOutput('ledger', { queueUrl: 'https://sqs.ap-southeast-2.amazonaws.com/1/q', deadLetterQueueUrl: 'https://sqs.ap-southeast-2.amazonaws.com/1/d' }) });

        const target = await resolveTarget({ target: 'aws', outputsFile: write('queues-region.json', { Conveyor: rest }), apiKey: 'k' });

        expect(target.region).toBe('ap-southeast-2');
      });
    });

    it('asks for the key when the file has neither ApiKey nor ApiKeyId', async () => {
      const { ApiKeyId: _omitted, ...rest } = deployed;
      const target = await resolveTarget({ target: 'aws', outputsFile: write('nokey.json', { Conveyor: rest }) });

      await expect(target.apiKey()).rejects.toThrow(/no output ApiKeyId.*CONVEYOR_API_KEY/);
    });

    it('fails without a region when neither the file nor the options give one', async () => {
      const file = write('noregion.json', { Conveyor: { ...deployed, ApiUrl: 'http://gateway.example/prod/', QueueUrl: 'http://q/1/a', DeadLetterQueueUrl: 'http://q/1/b' } });

      await expect(resolveTarget({ target: 'aws', outputsFile: file })).rejects.toMatchObject({ code: 'TARGET' });
      await expect(resolveTarget({ target: 'aws', outputsFile: file })).rejects.toThrow(/--region/);
    });

    it('points localstack at http://localhost:4566 unless told otherwise', async () => {
      const file = write('ls.json', { Conveyor: { ...deployed, ApiUrl: 'https://x.execute-api.localhost.localstack.cloud:4566/prod/', QueueUrl: 'http://localhost:4566/000000000000/q', DeadLetterQueueUrl: 'http://localhost:4566/000000000000/d' } });

      const byDefault = await resolveTarget({ target: 'localstack', outputsFile: file });
      const explicit = await resolveTarget({ target: 'localstack', outputsFile: file, endpoint: 'http://127.0.0.1:4567' });

      expect(byDefault.awsEndpoint).toBe('http://localhost:4566');
      expect(byDefault.region).toBe('us-east-1');
      expect(byDefault.credentials).toEqual({ accessKeyId: expect.any(String), secretAccessKey: expect.any(String) });
      expect(explicit.awsEndpoint).toBe('http://127.0.0.1:4567');
    });
  });

  describe('local', () => {
    let server: Server;
    let runtimeUrl: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.writeHead(req.url === '/_conveyor/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      runtimeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const localJson = (url: string) => ({
      Conveyor: { ...deployed, ApiUrl: `${url}/prod/`, ApiKey: 'local-key', SqsEndpoint: 'http://127.0.0.1:3001', DynamoDbEndpoint: 'http://127.0.0.1:3001', Region: 'us-east-1', RuntimeUrl: url },
    });

    it('reads <state dir>/local.json once the runtime answers its health check', async () => {
      const stateDir = join(dir, 'state-up');
      write('state-up/local.json', localJson(runtimeUrl));

      const target = await resolveTarget({ target: 'local', stateDir });

      expect(target.name).toBe('local');
      expect(target.apiUrl).toBe(`${runtimeUrl}/prod/`);
      expect(target.runtimeUrl).toBe(runtimeUrl);
      expect(target.awsEndpoint).toBe('http://127.0.0.1:3001');
      expect(await target.apiKey()).toBe('local-key');
    });

    it('says Conveyor is not running when there is no local.json', async () => {
      const stateDir = join(dir, 'state-none');

      const error = await resolveTarget({ target: 'local', stateDir }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(OpsError);
      expect(error).toMatchObject({ code: 'NOT_RUNNING' });
      expect((error as Error).message).toBe(`Conveyor is not running locally (no ${join(stateDir, 'local.json')}); start it with \`npm start\``);
    });

    it('says Conveyor is not running when local.json is left over and nothing answers', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const stateDir = join(dir, 'state-stale');
      write('state-stale/local.json', localJson(deadUrl));

      const error = await resolveTarget({ target: 'local', stateDir }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(OpsError);
      expect(error).toMatchObject({ code: 'NOT_RUNNING' });
      expect((error as Error).message).toMatch(new RegExp(`${deadUrl}/_conveyor/health does not answer \\(ECONNREFUSED\\); start it with \`npm start\``));
    });

    it('says which endpoints only the local runtime has', async () => {
      const file = write('aws-only.json', { Conveyor: deployed });
      const target = await resolveTarget({ target: 'aws', outputsFile: file, apiKey: 'k' });

      expect(() => target.runtimeUrl).toThrow(/no output RuntimeUrl; only the local runtime/);
    });
  });
});
