import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueOf, targetOf } from '../../cli/context.js';
import { CliError } from '../../cli/errors.js';
import { OpsError } from '../../ops/errors.js';
import { awsTarget, queueOutput, stackOutputs } from '../ops/stack-outputs.js';

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

describe('queueOf', () => {
  const target = awsTarget(stackOutputs({ ledger: queueOutput('ledger'), orders: queueOutput('orders') }));

  it('is the named queue, or the default one', () => {
    expect(queueOf(target, 'orders').name).toBe('orders');
    expect(queueOf(target, undefined).name).toBe('ledger');
  });

  it('makes a name the outputs do not know a usage error (exit 2) that lists the known ones', () => {
    const act = () => queueOf(target, 'payments');

    expect(act).toThrow(CliError);
    expect(act).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: 2, message: '--queue: no queue payments: the queues in cdk-outputs.json are ledger, orders' }));
  });

  it('leaves other errors as they are: a malformed Queues output is the outputs\' fault', () => {
    const broken = awsTarget(stackOutputs({ ledger: queueOutput('ledger') }, { Queues: 'not json' }));

    expect(() => queueOf(broken, 'ledger')).toThrow(expect.objectContaining({ name: 'OpsError', code: 'OUTPUTS_FILE' }));
  });
});
