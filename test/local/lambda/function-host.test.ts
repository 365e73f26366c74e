import { describe, expect, it } from 'vitest';
import { FunctionHostOptionsError } from '../../../local/errors.js';
import { FunctionHost } from '../../../local/lambda/function-host.js';
import type { InvocationReport } from '../../../local/lambda/options.js';
import { eventually, functionSpec, handlers } from './fixtures.js';
import { useHosts } from './harness.js';

describe('FunctionHost', () => {
  const host = useHosts();

  describe('invoke', () => {
    it('resolves with the handler result', async () => {
      const fn = host(handlers.echo);

      const result = await fn.invoke({ hello: 'world', n: [1, 2] });

      expect(result.ok).toBe(true);
      expect(result.ok && (result.payload as { event: unknown }).event).toEqual({ hello: 'world', n: [1, 2] });
    });

    it('passes the payload through JSON, as Lambda does (undefined → null, dates → strings)', async () => {
      const fn = host(`export const handler = async (event) => event.none ? undefined : { at: new Date(0), skip: () => 1 };`);

      const [none, some] = [await fn.invoke({ none: true }), await fn.invoke({})];

      expect(none).toMatchObject({ ok: true, payload: null });
      expect(some).toMatchObject({ ok: true, payload: { at: '1970-01-01T00:00:00.000Z' } });
    });

    it('gives the handler a Lambda context', async () => {
      const fn = host(handlers.echo, { functionName: 'Conveyor-Echo', memoryMb: 256, logGroupName: '/aws/lambda/echo' });

      const result = await fn.invoke({});

      const context = (result.ok ? result.payload : {}) as { context: Record<string, unknown> };
      expect(context.context).toMatchObject({
        functionName: 'Conveyor-Echo',
        functionVersion: '$LATEST',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Conveyor-Echo',
        memoryLimitInMB: '256',
        awsRequestId: result.requestId,
        logGroupName: '/aws/lambda/echo',
        callbackWaitsForEmptyEventLoop: true,
      });
      expect(context.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    });

    it('counts getRemainingTimeInMillis down from the timeout', async () => {
      const fn = host(`export const handler = async (_e, context) => {
        const before = Date.now();
        const first = context.getRemainingTimeInMillis();
        const after = Date.now();
        await new Promise((r) => setTimeout(r, 100));
        return { before, first, after, second: context.getRemainingTimeInMillis() };
      };`, { timeoutSeconds: 2 });
      const invokedAt = Date.now();

      const result = await fn.invoke({});
      const answeredAt = Date.now();

      const { before, first, after, second } = (result.ok ? result.payload : {}) as Record<string, number>;
      // The deadline (the time of the reading plus what remained) is 2 s after the invocation started,
      // which is between the call and the answer: no assumption about how long that took.
      expect(after + first).toBeGreaterThanOrEqual(invokedAt + 2000);
      expect(before + first).toBeLessThanOrEqual(answeredAt + 2000);
      expect(first).toBeLessThanOrEqual(2000);
      expect(second).toBeLessThanOrEqual(first - 90);
    });

    it('supports callback-style handlers and context.succeed', async () => {
      const fn = host(`export const handler = (event, context, callback) => {
        if (event.legacy) return context.succeed({ via: 'succeed' });
        setTimeout(() => event.fail ? callback(new RangeError('cb failed')) : callback(null, { via: 'callback' }), 10);
      };`);

      const results = [await fn.invoke({}), await fn.invoke({ legacy: true }), await fn.invoke({ fail: true })];

      expect(results[0]).toMatchObject({ ok: true, payload: { via: 'callback' } });
      expect(results[1]).toMatchObject({ ok: true, payload: { via: 'succeed' } });
      expect(results[2]).toMatchObject({ ok: false, reason: 'error', error: { errorType: 'RangeError', errorMessage: 'cb failed' } });
    });

    it('serialises a thrown error as Lambda does and keeps the instance warm', async () => {
      const fn = host(`export const handler = async (event) => { if (event.fail) throw new TypeError('bad input'); return 'fine'; };`);

      const failed = await fn.invoke({ fail: true });
      const next = await fn.invoke({});

      expect(failed).toMatchObject({ ok: false, reason: 'error', error: { errorType: 'TypeError', errorMessage: 'bad input' } });
      expect(!failed.ok && failed.error.stackTrace?.[0]).toBe('TypeError: bad input');
      expect(next).toMatchObject({ ok: true, payload: 'fine' });
      expect(next.initDurationMs).toBeUndefined();
      expect(fn.stats).toMatchObject({ coldStarts: 1, errors: 1, invocations: 2 });
    });

    it('reports a thrown non-error with its type', async () => {
      const fn = host(`export const handler = async () => { throw 'plain string'; };`);

      const result = await fn.invoke({});

      expect(result).toMatchObject({ ok: false, reason: 'error', error: { errorType: 'string', errorMessage: 'plain string' } });
    });
  });

  describe('instances', () => {
    it('reuses a warm instance: module state survives between invocations', async () => {
      const fn = host(handlers.counter);

      const results = [await fn.invoke({}), await fn.invoke({}), await fn.invoke({})];

      expect(results.map((result) => result.ok && result.payload)).toEqual([{ count: 1 }, { count: 2 }, { count: 3 }]);
      expect(results.map((result) => result.initDurationMs !== undefined)).toEqual([true, false, false]);
      expect(fn.stats).toMatchObject({ instances: 1, busy: 0, coldStarts: 1, invocations: 3 });
    });

    it('loads a CommonJS handler and a nested handler path', async () => {
      const fn = host(`exports.handlers = { main: async (event) => ({ cjs: true, event }) };`, { handler: 'app.handlers.main' }, {}, 'app.cjs');

      const result = await fn.invoke({ n: 1 });

      expect(result).toMatchObject({ ok: true, payload: { cjs: true, event: { n: 1 } } });
    });

    it('gives the handler no CommonJS globals from the worker bootstrap', async () => {
      const fn = host(`export const handler = async () => [typeof require, typeof module, typeof exports, typeof __dirname];`);

      const result = await fn.invoke({});

      expect(result).toMatchObject({ ok: true, payload: ['undefined', 'undefined', 'undefined', 'undefined'] });
    });
  });

  describe('environment', () => {
    it('holds the function variables, the extra variables and Lambda runtime variables only', async () => {
      process.env.CONVEYOR_UNRELATED_PARENT_VAR = 'leak';
      const fn = host(`export const handler = async () => ({ ...process.env });`, {
        functionName: 'Conveyor-Env',
        environment: { QUEUE_URL: 'http://queue', SHARED: 'from-spec' },
        memoryMb: 512,
      }, { region: 'eu-west-1', extraEnvironment: { AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9', SHARED: 'from-extra' } });

      const result = await fn.invoke({});
      delete process.env.CONVEYOR_UNRELATED_PARENT_VAR;

      const env = (result.ok ? result.payload : {}) as Record<string, string>;
      expect(env).toMatchObject({
        QUEUE_URL: 'http://queue',
        SHARED: 'from-extra',
        AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
        AWS_REGION: 'eu-west-1',
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_LAMBDA_FUNCTION_NAME: 'Conveyor-Env',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/Conveyor-Env',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SESSION_TOKEN: 'test',
      });
      expect(env.LAMBDA_TASK_ROOT).toMatch(/conveyor-fn-/);
      expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/\[\$LATEST\][0-9a-f]{32}$/);
      expect(env).not.toHaveProperty('CONVEYOR_UNRELATED_PARENT_VAR');
      expect(env).not.toHaveProperty('POWERTOOLS_LOG_LEVEL');
    });
  });

  describe('logs', () => {
    it('hands every whole line of stdout and stderr to onLog, joining partial writes', async () => {
      const lines: Array<[string, string]> = [];
      const fn = host(`export const handler = async () => {
        console.log('first line');
        console.error('on stderr');
        process.stdout.write('part');
        process.stdout.write('ial\\nsecond\\n');
        process.stdout.write('unterminated');
        return 'done';
      };`, {}, { onLog: (line, stream) => lines.push([stream, line]) });

      await fn.invoke({});
      await eventually(() => lines.some(([, line]) => line === 'second'));
      await fn.stop();

      expect(lines.filter(([stream]) => stream === 'stdout').map(([, line]) => line)).toEqual(['first line', 'partial', 'second', 'unterminated']);
      expect(lines.filter(([stream]) => stream === 'stderr').map(([, line]) => line)).toEqual(['on stderr']);
    });

    it('reports each invocation with its billed duration and memory', async () => {
      const reports: InvocationReport[] = [];
      const fn = host(handlers.counter, { memoryMb: 256 }, { onInvocation: (report) => reports.push(report) });

      const first = await fn.invoke({});
      await fn.invoke({});

      expect(reports).toHaveLength(2);
      expect(reports[0]).toMatchObject({ requestId: first.requestId, name: 'Test', memoryMb: 256, ok: true });
      expect(reports[0]?.initDurationMs).toBeGreaterThan(0);
      expect(reports[0]?.billedDurationMs).toBe(Math.ceil(reports[0]?.durationMs ?? -1));
      expect(reports[1]?.initDurationMs).toBeUndefined();
    });

    it('sums the billed duration (invocations and init, each rounded up to the ms) in its stats', async () => {
      const reports: InvocationReport[] = [];
      const fn = host(handlers.counter, { memoryMb: 256 }, { onInvocation: (report) => reports.push(report) });

      await fn.invoke({});
      await fn.invoke({});

      const billed = reports.reduce((sum, report) => sum + report.billedDurationMs + Math.ceil(report.initDurationMs ?? 0), 0);
      expect(fn.stats).toMatchObject({ invocations: 2, memoryMb: 256, billedMs: billed });
      expect(billed).toBeGreaterThan(reports.length);
    });
  });

  describe('init errors', () => {
    it.each([
      ['a missing export', `export const other = async () => 1;`, 'Runtime.HandlerNotFound'],
      ['a module that throws', `throw new Error('config missing');`, 'Error'],
      ['a syntax error', `export const handler = async () => {`, 'Runtime.UserCodeSyntaxError'],
    ])('fails invocations with reason init for %s', async (_case, source, errorType) => {
      const fn = host(source);

      const result = await fn.invoke({});

      expect(result).toMatchObject({ ok: false, reason: 'init', error: { errorType } });
      expect(result.initDurationMs).toBeGreaterThan(0);
    });

    it('fails with Runtime.ImportModuleError when no handler file exists', async () => {
      const fn = host(handlers.echo, { handler: 'missing.handler' });

      const result = await fn.invoke({});

      expect(result).toMatchObject({ ok: false, reason: 'init', error: { errorType: 'Runtime.ImportModuleError' } });
      expect(fn.stats).toMatchObject({ errors: 1, instances: 0 });
    });
  });

  describe('options', () => {
    it('rejects unknown option keys and a bad maxInstances', () => {
      const spec = functionSpec('/nowhere');

      expect(() => new FunctionHost(spec, { region: 'us-east-1', maxInstance: 2 } as never)).toThrow(FunctionHostOptionsError);
      expect(() => new FunctionHost(spec, { region: 'us-east-1', maxInstances: 0 })).toThrow(/maxInstances/);
    });
  });
});
