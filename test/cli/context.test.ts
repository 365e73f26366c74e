import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetOf } from '../../cli/context.js';
import { OpsError } from '../../ops/errors.js';

describe('targetOf', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'conveyor-cli-root-'));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'functions', 'consumer'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The global options as `conveyor` declares them, parsed from `args`. */
  const parsed = (args: string[]): Command => {
    const program = new Command('conveyor')
      .option('-t, --target <target>', '', 'local')
      .option('--outputs <file>', '', 'cdk-outputs.json')
      .option('--state-dir <dir>', '', '.conveyor');
    return program.parse(['node', 'conveyor', ...args]);
  };

  it('looks for a relative --state-dir in the project root, not in the subfolder it runs from', async () => {
    const error = await targetOf(parsed(['--state-dir', '.conveyor']), join(root, 'functions', 'consumer')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpsError);
    expect(error).toMatchObject({ code: 'NOT_RUNNING' });
    expect((error as Error).message).toContain(`(no ${join('.conveyor', 'local.json')} in ${root})`);
  });

  it('looks for a relative --outputs file in the project root', async () => {
    writeFileSync(join(root, 'out.json'), JSON.stringify({ Conveyor: { ApiUrl: 'https://a.execute-api.us-west-2.amazonaws.com/prod/' } }));

    const target = await targetOf(parsed(['--target', 'aws', '--outputs', 'out.json']), join(root, 'functions'));

    expect(target.region).toBe('us-west-2');
  });
});
