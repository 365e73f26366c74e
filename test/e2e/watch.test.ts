import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES_OUTPUT, type QueuesOutput, TABLES_OUTPUT, type TablesOutput } from '../../contract/index.js';
import type { ReloadReport } from '../../local/reload/reload-report.js';
import { type RuntimeProcess, startRuntimeProcess } from '../../local/runtime-process.js';
import { eventually } from '../support/eventually.js';
import { openSse, type SseConnection } from '../local/admin/sse-client.js';

const repo = resolve(import.meta.dirname, '..', '..');
/** Debian's chromium, as CI installs it (`apt-get install chromium`); `CHROMIUM_PATH` overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Long enough for a `cdk synth` on 2 busy cores (10–25 s here), many times over: a deadline, not a speed. */
const RELOAD_DEADLINE_MS = 240_000;

/** The scratch project's config: `notes` alone, or with `payments` (queue, table, type) added. */
const config = (withPayments: boolean, broken = false) => `import { defineConfig } from './infra/config/index.js';

export default defineConfig({
  queues: { notes: {}${withPayments ? ', payments: {}' : ''} },
  tables: { notes: { partitionKey: 'id' }${withPayments ? ", payments: { partitionKey: 'id' }" : ''} },
  types: {
    'notes.add': { queues: ['${broken ? 'nowhere' : 'notes'}'], module: './handlers/notes-add.ts', tables: ['notes'] },${withPayments ? `
    'payments.charge': { queues: ['payments'], module: './handlers/payments-charge.ts', tables: ['payments'] },` : ''}
  },
});
`;

/** A type module that sets `code` on the item `payload.id` of its table: which code processed the message. */
const typeModule = (table: string, code: string) => `import { type HandlerFactory, invalidPayload, type JsonObject, type PayloadParser, tableOf } from '../functions/handler-api/index.js';

export const payload: PayloadParser<{ readonly id: string }> = (input: JsonObject) => {
  if (typeof input.id !== 'string' || input.id === '') throw invalidPayload('payload.id must be a non-empty string');
  return { id: input.id };
};

export const handler: HandlerFactory<{ readonly id: string }> = (deps) => {
  const table = tableOf(deps, '${table}');
  return {
    kind: 'transactional',
    writes: ({ id }) => [{
      Update: {
        TableName: table.tableName,
        Key: { [table.partitionKey]: { S: id } },
        UpdateExpression: 'SET code = :code',
        ExpressionAttributeValues: { ':code': { S: '${code}' } },
      },
    }],
  };
};
`;

/**
 * A scratch project: the engine (infra/, functions/, contract/ and the settings files) copied from
 * this checkout, node_modules linked, and its own config and type modules; the test changes those,
 * never the work tree's.
 */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-watch-'));
  for (const folder of ['infra', 'functions', 'contract']) {
    cpSync(join(repo, folder), join(dir, folder), { recursive: true, filter: (source) => !source.includes('node_modules') });
  }
  for (const file of ['cdk.json', 'package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(repo, file), join(dir, file));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'handlers'));
  writeFileSync(join(dir, 'handlers', 'notes-add.ts'), typeModule('notes', 'v1'));
  writeFileSync(join(dir, 'conveyor.config.ts'), config(false));
  return dir;
}

/**
 * `conveyor start --watch` (this checkout's CLI) on a scratch project: a handler change swaps the
 * consumer's code while messages wait in the queue, a config change adds a queue, a table and a type,
 * a config that does not synthesize leaves the running stack as it was. Each reload is awaited on the
 * dashboard's event stream; the console line, `local.json` and the dashboard page are checked too.
 */
describe('npm start --watch', () => {
  let project: string;
  let runtime: RuntimeProcess;
  let stream: SseConnection;
  let runtimeUrl: string;
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;

  const outputs = (): Record<string, string> => Object.values(JSON.parse(readFileSync(runtime.outputsFile, 'utf8')) as Record<string, Record<string, string>>)[0] ?? {};
  const queues = (): QueuesOutput => JSON.parse(outputs()[QUEUES_OUTPUT] ?? '{}') as QueuesOutput;
  const tables = (): TablesOutput => JSON.parse(outputs()[TABLES_OUTPUT] ?? '{}') as TablesOutput;
  const post = async (type: string, id: string): Promise<number> => {
    const response = await fetch(new URL('messages', outputs().ApiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': outputs().ApiKey as string },
      body: JSON.stringify({ type, payload: { id } }),
    });
    return response.status;
  };
  const codeOf = async (table: string, id: string): Promise<string | undefined> => {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tables()[table], Key: { id: { S: id } }, ConsistentRead: true }));
    return Item?.code?.S;
  };
  const nextReload = (accept: (report: ReloadReport) => boolean) => stream.next<ReloadReport>('reload', accept, RELOAD_DEADLINE_MS);
  const faults = (method: string, body?: unknown) => fetch(`${runtimeUrl}/_conveyor/faults`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    project = scratchProject();
    runtime = await startRuntimeProcess(project, join(project, '.conveyor', 'e2e-watch'), ['--watch', '--in-memory'], { cli: join(repo, 'cli', 'conveyor.ts') });
    runtimeUrl = outputs().RuntimeUrl as string;
    const aws = { region: outputs().Region ?? 'us-east-1', endpoint: outputs().SqsEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    sqs = new SQSClient({ ...aws, useQueueUrlAsEndpoint: false });
    dynamodb = new DynamoDBClient(aws);
    stream = await openSse(`${runtimeUrl}/_conveyor/events`);
  }, RELOAD_DEADLINE_MS);

  afterAll(async () => {
    stream?.close();
    sqs?.destroy();
    dynamodb?.destroy();
    const code = await runtime?.stop();
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it('says what it watches in the banner', () => {
    expect(runtime.output()).toMatch(/Watching\s+contract\/, infra\/, functions\/, handlers\/, conveyor\.config\.ts, cdk\.json, package-lock\.json, tsconfig\.json/);
  });

  it('swaps the consumer\'s code on a handler change; messages queued before the reload are delivered to the new code', async () => {
    // Hold the queue: the mappings' receives fail until the rule goes. A long poll begun before the
    // rule may still take a message, so probes (raw bodies the consumer dead-letters) go in until
    // one stays in the queue.
    expect((await faults('PATCH', { service: 'sqs', operation: 'ReceiveMessage', function: 'EventSourceMapping', error: { code: 'AccessDenied', statusCode: 403 } })).status).toBe(200);
    const notesQueue = queues().notes?.queueUrl as string;
    const visible = async () => Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: notesQueue, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages);
    await eventually(async () => {
      await sqs.send(new SendMessageCommand({ QueueUrl: notesQueue, MessageBody: 'probe' }));
      await sleep(500);
      return visible();
    }, (count) => count > 0, 60_000, 0);
    const ids = ['n-1', 'n-2', 'n-3', 'n-4', 'n-5'];
    for (const id of ids) expect(await post('notes.add', id)).toBe(202);

    writeFileSync(join(project, 'handlers', 'notes-add.ts'), typeModule('notes', 'v2'));
    const report = await nextReload((candidate) => candidate.outcome === 'applied');
    const stillQueued = await visible();
    await faults('DELETE');

    expect(report).toMatchObject({ trigger: ['handlers/notes-add.ts'], synthesized: true, changes: { code: ['Consumer'], queuesAdded: [], typesAdded: [] } });
    expect(runtime.output()).toContain(`reloaded in ${(report.durationMs / 1000).toFixed(1)} s: code of Consumer`);
    expect(stillQueued).toBeGreaterThanOrEqual(ids.length);
    const codes = await eventually(() => Promise.all(ids.map((id) => codeOf('notes', id))), (found) => found.every((code) => code !== undefined), 60_000);
    expect(codes).toEqual(ids.map(() => 'v2'));
  }, RELOAD_DEADLINE_MS);

  it('creates a new queue, table and type on a config change, and serves them with the rest', async () => {
    writeFileSync(join(project, 'handlers', 'payments-charge.ts'), typeModule('payments', 'p1'));
    writeFileSync(join(project, 'conveyor.config.ts'), config(true));

    const report = await nextReload((candidate) => candidate.outcome === 'applied' && (candidate.changes?.queuesAdded.length ?? 0) > 0);

    expect(report.changes).toMatchObject({ queuesAdded: [{ name: 'payments', types: ['payments.charge'] }], typesAdded: ['payments.charge'], tablesAdded: ['payments'], functionsAdded: ['PaymentsConsumer'] });
    // The status function's settings change too: it reads the new table's items (RECORD_PLACES).
    for (const part of ['code of Producer', 'settings of Status', 'new queue payments (payments.charge)', 'new type payments.charge', 'new table payments', 'new function PaymentsConsumer']) {
      expect(report.summary).toContain(part);
    }
    expect(runtime.output()).toContain(`: ${report.summary}`);
    expect(Object.keys(queues())).toEqual(['notes', 'payments']);
    expect(await post('payments.charge', 'p-1')).toBe(202);
    expect(await post('notes.add', 'n-6')).toBe(202);
    await eventually(() => Promise.all([codeOf('payments', 'p-1'), codeOf('notes', 'n-6')]), (found) => found[0] === 'p1' && found[1] === 'v2', 60_000);
  }, RELOAD_DEADLINE_MS);

  it('shows the last reload in the dashboard\'s header', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${runtimeUrl}/_conveyor/`);

      const note = page.locator('[data-testid="reloaded"][data-outcome="applied"]');
      await note.waitFor({ timeout: 20_000 });

      expect(await note.textContent()).toMatch(/^code reloaded \d\d:\d\d:\d\d — code of Producer;.* new queue payments \(payments\.charge\)/);
    } finally {
      await browser.close();
    }
  });

  it('keeps the running stack when the config does not synthesize, and recovers on the next good one', async () => {
    writeFileSync(join(project, 'conveyor.config.ts'), config(true, true));
    const failed = await nextReload((candidate) => candidate.outcome === 'failed');
    expect(await post('notes.add', 'n-7')).toBe(202);
    await eventually(() => codeOf('notes', 'n-7'), (code) => code === 'v2', 60_000);

    writeFileSync(join(project, 'conveyor.config.ts'), config(true));
    const recovered = await nextReload((candidate) => candidate.outcome === 'applied');

    expect(failed.error).toMatch(/cdk synth' failed/);
    expect(runtime.output()).toMatch(/names queue nowhere, which is not declared/);
    expect(runtime.output()).toMatch(/reload failed \(\d+\.\d s\): 'cdk synth' failed .*; the running stack is unchanged/);
    // The same sources as the stack running: synthesized again (the failed synth left no stamp), nothing to apply.
    expect(recovered).toMatchObject({ synthesized: true, summary: 'no change to the stack' });
  }, RELOAD_DEADLINE_MS);
});
