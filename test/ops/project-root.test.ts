import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsError } from '../../ops/errors.js';
import { findProjectRoot } from '../../ops/project-root.js';
import { resolveTarget } from '../../ops/targets.js';

/** A scratch tree: `<root>/package.json`, `<root>/functions/consumer/`, and a nested package `<root>/tools/pkg/package.json`. */
function projectTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'conveyor-root-'));
  writeFileSync(join(root, 'package.json'), '{}');
  mkdirSync(join(root, 'functions', 'consumer'), { recursive: true });
  mkdirSync(join(root, 'tools', 'pkg', 'src'), { recursive: true });
  writeFileSync(join(root, 'tools', 'pkg', 'package.json'), '{}');
  // A folder named package.json is not a package.
  mkdirSync(join(root, 'docs', 'package.json'), { recursive: true });
  return root;
}

describe('findProjectRoot', () => {
  let root: string;
  beforeAll(() => {
    root = projectTree();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('walks up from a subfolder to the folder with the package.json', () => {
    expect(findProjectRoot(join(root, 'functions', 'consumer'))).toBe(root);
    expect(findProjectRoot(join(root, 'functions'))).toBe(root);
    expect(findProjectRoot(root)).toBe(root);
  });

  it('stops at the nearest package.json, as npm does', () => {
    expect(findProjectRoot(join(root, 'tools', 'pkg', 'src'))).toBe(join(root, 'tools', 'pkg'));
  });

  it('does not take a folder named package.json for one', () => {
    expect(findProjectRoot(join(root, 'docs', 'package.json'))).toBe(root);
  });

  it('finds this repository from its functions folder', () => {
    const repository = resolve(import.meta.dirname, '..', '..');

    expect(findProjectRoot(join(repository, 'functions', 'consumer'))).toBe(repository);
  });
});

describe('resolveTarget from a subfolder of the project', () => {
  let root: string;
  let server: Server;
  let runtimeUrl: string;
  beforeAll(async () => {
    root = projectTree();
    server = createServer((req, res) => {
      res.writeHead(req.url === '/_conveyor/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    runtimeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
    rmSync(root, { recursive: true, force: true });
  });

  it('reads the default .conveyor/local.json of the project root, where npm start wrote it', async () => {
    mkdirSync(join(root, '.conveyor'), { recursive: true });
    writeFileSync(join(root, '.conveyor', 'local.json'), JSON.stringify({ Dash: { ApiUrl: `${runtimeUrl}/prod/`, RuntimeUrl: runtimeUrl, ApiKey: 'k', Region: 'us-east-1' } }));

    const target = await resolveTarget({ target: 'local', stateDir: '.conveyor', cwd: join(root, 'functions', 'consumer') });

    expect(target.stackName).toBe('Dash');
    expect(target.runtimeUrl).toBe(runtimeUrl);
    rmSync(join(root, '.conveyor'), { recursive: true, force: true });
  });

  it('reads a relative outputs file from the project root', async () => {
    writeFileSync(join(root, 'cdk-outputs.json'), JSON.stringify({ Conveyor: { ApiUrl: 'https://a.execute-api.eu-west-1.amazonaws.com/prod/', ApiKey: 'k' } }));

    const target = await resolveTarget({ target: 'aws', outputsFile: 'cdk-outputs.json', cwd: join(root, 'functions') });

    expect(target.region).toBe('eu-west-1');
    expect(target.outputsFile).toBe('cdk-outputs.json');
  });

  it('says where it looked when nothing is running', async () => {
    const error = await resolveTarget({ target: 'local', stateDir: '.conveyor', cwd: join(root, 'functions') }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpsError);
    expect(error).toMatchObject({ code: 'NOT_RUNNING' });
    expect((error as Error).message).toBe(`Conveyor is not running locally (no ${join('.conveyor', 'local.json')} in ${root}); start it with \`npm start\``);
  });

  it('names the project root when a relative outputs file is missing', async () => {
    const error = await resolveTarget({ target: 'aws', outputsFile: 'none.json', cwd: join(root, 'functions') }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpsError);
    expect(error).toMatchObject({ code: 'OUTPUTS_FILE' });
    expect((error as Error).message).toContain(`no outputs file none.json in ${root};`);
  });

  it('takes an absolute state folder as it is', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'conveyor-state-'));

    const error = await resolveTarget({ target: 'local', stateDir: elsewhere, cwd: join(root, 'functions') }).catch((caught: unknown) => caught);

    expect((error as Error).message).toBe(`Conveyor is not running locally (no ${join(elsewhere, 'local.json')}); start it with \`npm start\``);
    rmSync(elsewhere, { recursive: true, force: true });
  });
});
