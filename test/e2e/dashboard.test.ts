import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION } from '../../contract/index.js';
import { serializeEnvelope } from '../../functions/shared/envelope.js';
import { type RuntimeProcess, startRuntimeProcess } from '../../local/runtime-process.js';
import { type E2eTarget, readTarget } from './support/target.js';

/** Debian's chromium, as CI installs it (`apt-get install chromium`); `CHROMIUM_PATH` overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const projectDir = resolve(import.meta.dirname, '..', '..');
const stateDir = join(projectDir, '.conveyor', 'e2e-dashboard');
/** The test leaves the work tree as it found it: the screenshot goes to its state folder unless `CONVEYOR_UPDATE_SCREENSHOT=1` asks for the docs' one. */
const screenshotFile = process.env.CONVEYOR_UPDATE_SCREENSHOT === '1' ? join(projectDir, 'docs', 'dashboard.png') : join(stateDir, 'dashboard.png');

const testId = (id: string) => `[data-testid="${id}"]`;

/**
 * The live dashboard in a real browser, against its own embedded runtime (whatever the e2e
 * target): numbers and charts follow messages posted through the API, and the DLQ panel peeks at a
 * dead-lettered message and redrives another that then gets processed.
 */
describe('dashboard (/_conveyor/) in chromium', () => {
  let runtime: RuntimeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let target: E2eTarget;
  let stackName: string;
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  const pageErrors: string[] = [];
  const failedAssets: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`chromium is not installed at ${CHROMIUM}: the dashboard test needs a real browser (apt-get install chromium, or set CHROMIUM_PATH)`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    runtime = await startRuntimeProcess(projectDir, stateDir);
    target = readTarget('embedded', runtime.outputsFile);
    stackName = Object.keys(JSON.parse(readFileSync(runtime.outputsFile, 'utf8')) as object)[0] ?? '';
    if (target.runtimeUrl === undefined) throw new Error(`${runtime.outputsFile} has no RuntimeUrl`);
    const aws = { region: target.region, endpoint: target.awsEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    sqs = new SQSClient({ ...aws, useQueueUrlAsEndpoint: false });
    dynamodb = new DynamoDBClient(aws);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400 && response.url().includes('/_conveyor/assets/')) failedAssets.push(`${response.status()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    sqs?.destroy();
    dynamodb?.destroy();
    await runtime?.stop();
  });

  const attribute = async (id: string, name: string): Promise<number> => Number(await page.getAttribute(testId(id), name));
  const post = async (account: string, amount: number) => {
    const response = await fetch(new URL('messages', target.apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey },
      body: JSON.stringify({ type: 'ledger.credit', payload: { account, amount } }),
    });
    expect(response.status).toBe(202);
  };
  const balance = async (account: string): Promise<number | undefined> => {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: target.ledgerTableName, Key: { account: { S: account } }, ConsistentRead: true }));
    return Item === undefined ? undefined : Number(Item.balance?.N);
  };

  it('follows the messages posted through the API: totals, rates chart and latency chart', async () => {
    await page.goto(`${target.runtimeUrl}/_conveyor/`);
    await page.locator(`${testId('connection-status')}[data-state="connected"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => attribute('rates-chart', 'data-points'), { timeout: 10_000 }).toBeGreaterThan(0);
    const processedBefore = await attribute('total-processed', 'data-value');
    const acceptedBefore = await attribute('total-accepted', 'data-value');
    const pointsBefore = await attribute('rates-chart', 'data-points');

    // 40 messages spread over a few seconds, so the charts (and the screenshot) show a shape.
    const account = `dash-${randomUUID()}`;
    for (let round = 0; round < 8; round++) {
      await Promise.all(Array.from({ length: 5 }, () => post(account, 1)));
      await new Promise((resolve) => setTimeout(resolve, 400));
    }

    await expect.poll(() => attribute('total-accepted', 'data-value'), { timeout: 20_000 }).toBeGreaterThanOrEqual(acceptedBefore + 40);
    await expect.poll(() => attribute('total-processed', 'data-value'), { timeout: 20_000 }).toBeGreaterThanOrEqual(processedBefore + 40);
    expect(await page.textContent(testId('total-processed'))).toMatch(/^[\d,]+$/);
    await expect.poll(() => attribute('rates-chart', 'data-peak'), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => attribute('latency-chart', 'data-peak'), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await attribute('rates-chart', 'data-points')).toBeGreaterThan(pointsBefore);
    expect(await page.locator(`${testId('rates-chart')} canvas`).count()).toBe(1);
    expect(await page.locator(`${testId('latency-chart')} canvas`).count()).toBe(1);
    // One row per queue of the stack and one per dead-letter queue.
    expect(await page.locator(`${testId('queue-row')}[data-role="source"]`).count()).toBe(Object.keys(target.queues).length);
    expect(await page.locator(`${testId('queue-row')}[data-role="dead-letter"]`).count()).toBe(Object.keys(target.queues).length);
    expect(await page.locator(`${testId('function-row')}[data-function="Consumer"]`).count()).toBe(1);
    expect(await page.textContent(testId('runtime-name'))).toBe(stackName);
  });

  it('draws the last minutes at once when the page is opened again, and shows the balance of the counters', async () => {
    await page.reload();
    await page.locator(`${testId('connection-status')}[data-state="connected"]`).waitFor({ timeout: 10_000 });

    // No message is being sent now: only the history sent on connect can hold the earlier burst.
    await expect.poll(() => attribute('rates-chart', 'data-peak'), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => attribute('latency-chart', 'data-peak'), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await attribute('rates-chart', 'data-points')).toBeGreaterThan(5);
    await page.locator(`${testId('balance')}:not([hidden])`).waitFor({ timeout: 10_000 });
    expect(await page.textContent(testId('balance-accepted'))).toBe(await page.textContent(testId('total-accepted')));
  });

  it('shows a malformed message in the DLQ panel by the id the consumer logged, and peeks at its last error', async () => {
    const token = randomUUID();
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: target.queueUrl, MessageBody: `not json ${token}` }));

    const item = page.locator(testId('dlq-item'), { hasText: token });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.locator(testId('dlq-item-source-id')).textContent()).toBe(MessageId);
    await item.click();

    await page.locator(`${testId('dlq-peek')}[data-state="shown"]`).waitFor({ timeout: 5_000 });
    expect(await page.textContent(testId('dlq-peek-source-id'))).toBe(MessageId);
    expect(await page.textContent(testId('dlq-peek-id'))).not.toBe(MessageId);
    expect(await page.textContent(testId('dlq-peek-body'))).toBe(`not json ${token}`);
    expect(await page.textContent(testId('dlq-peek-error-code'))).toMatch(/^[A-Z_]+$/);
    expect(await page.textContent(testId('dlq-peek-error-message'))).not.toBe('');
    // Read through the emulator's inspection: the consumer's own copy was never received.
    expect(Number(await page.textContent(testId('dlq-peek-receive-count')))).toBe(0);
    await expect.poll(() => attribute('total-deadLettered', 'data-value'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    mkdirSync(dirname(screenshotFile), { recursive: true });
    await page.screenshot({ path: screenshotFile });
  });

  it('redrives a valid dead-lettered message from the page; it is processed and leaves the DLQ', async () => {
    const account = `dash-${randomUUID()}`;
    const body = serializeEnvelope({ v: ENVELOPE_VERSION, id: randomUUID(), type: 'ledger.credit', payload: { account, amount: 3 }, acceptedAt: Date.now() });
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: target.deadLetterQueueUrl, MessageBody: body }));
    const item = page.locator(`${testId('dlq-item')}[data-message-id="${MessageId}"]`);
    await item.waitFor({ timeout: 15_000 });

    await item.locator(testId('dlq-item-redrive')).click();

    await page.locator(`${testId('dlq-moved')}[data-message-id="${MessageId}"]`).waitFor({ timeout: 15_000 });
    await expect.poll(() => balance(account), { timeout: 20_000, interval: 200 }).toBe(3);
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(0);
    const listed = await (await fetch(`${target.runtimeUrl}/_conveyor/dlq?max=50`)).json() as { messages: { messageId: string }[] };
    expect(listed.messages.map((message) => message.messageId)).not.toContain(MessageId);
    expect(pageErrors).toEqual([]);
    expect(failedAssets).toEqual([]);
  });
});
