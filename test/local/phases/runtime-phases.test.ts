import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type EmbeddedEmulators, startEmbeddedEmulators } from '../../../local/emulators/embedded.js';
import { FunctionHostOptionsError } from '../../../local/errors.js';
import { startLocalRuntime } from '../../../local/runtime.js';
import { PortInUseError } from '../../../local/errors.js';
import { miniTemplate, writeAssembly } from '../support/assembly.js';
import { freePort } from '../../support/ports.js';

// The real emulators, recorded, so that the test can check their ports once the runtime is gone.
vi.mock('../../../local/emulators/embedded.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../local/emulators/embedded.js')>();
  return { ...original, startEmbeddedEmulators: vi.fn(original.startEmbeddedEmulators) };
});

const WORKER = 'export const handler = async (event) => (event.Records ? { batchItemFailures: [] } : { statusCode: 200, body: "{}" });';

/** Listens on `port` on loopback and closes again; resolves false when it is taken. */
function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** The emulators of the last start. */
async function lastEmulators(): Promise<EmbeddedEmulators> {
  return (await vi.mocked(startEmbeddedEmulators).mock.results.at(-1)!.value) as EmbeddedEmulators;
}

/** The ports a start used: the AWS endpoint's and the emulators'. */
async function portsOf(awsPort: number): Promise<number[]> {
  const emulators = await lastEmulators();
  return [awsPort, Number(new URL(emulators.sqsUrl).port), Number(new URL(emulators.dynamodbUrl).port)];
}

function options(template = miniTemplate()) {
  return {
    outputDir: writeAssembly(template, { stackName: 'Phases', assets: { 'asset.worker': WORKER } }),
    synth: false,
    inMemory: true,
    stateDir: mkdtempSync(join(tmpdir(), 'conveyor-state-')),
    log: () => undefined,
  } as const;
}

describe('startLocalRuntime', () => {
  describe('a start that fails', () => {
    it('in the compute phase stops the emulators, closes the AWS endpoint and releases the state folder', async () => {
      const template = miniTemplate();
      // A function Lambda would not accept: the function host refuses it, after the queues exist.
      template.Resources.Fn!.Properties!.Timeout = 0;
      const awsPort = await freePort();
      const given = { ...options(template), port: 0, awsPort };

      await expect(startLocalRuntime(given)).rejects.toBeInstanceOf(FunctionHostOptionsError);

      for (const port of await portsOf(awsPort)) expect(await isFree(port)).toBe(true);
      expect(existsSync(join(given.stateDir, 'runtime.pid.json'))).toBe(false);
    });

    it('in the edge phase (the API port is taken) undoes the phases before it too', async () => {
      const holder = createServer();
      await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
      const taken = (holder.address() as { port: number }).port;
      const awsPort = await freePort();
      const given = { ...options(), port: taken, awsPort };

      const attempt = startLocalRuntime(given);

      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      for (const port of await portsOf(awsPort)) expect(await isFree(port)).toBe(true);
      expect(existsSync(join(given.stateDir, 'runtime.pid.json'))).toBe(false);
      await new Promise<void>((done) => holder.close(() => done()));
    });
  });

  describe('stop', () => {
    it('can be called twice: the second call resolves to the same figures, and every port is free', async () => {
      const awsPort = await freePort();
      const runtime = await startLocalRuntime({ ...options(), port: 0, awsPort });
      const ports = [...await portsOf(awsPort), Number(new URL(runtime.runtimeUrl).port)];

      const first = await runtime.stop({ graceMs: 0 });
      const second = await runtime.stop();

      expect(second).toBe(first);
      expect(first.map((queue) => queue.name).sort()).toEqual(runtime.stack.queues.map((queue) => queue.queueName).sort());
      for (const port of ports) expect(await isFree(port)).toBe(true);
    });
  });
});
