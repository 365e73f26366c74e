import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandFailed, usageError } from '../../cli/errors.js';
import { main } from '../../cli/program.js';
import { OpsError } from '../../ops/errors.js';

/** What `main` returns and prints on stderr when a command's action throws `error`. */
async function exitFor(error: unknown): Promise<{ code: number; stderr: string }> {
  const program = new Command('conveyor').exitOverride();
  program.command('fail').action(() => {
    throw error;
  });
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await main(['node', 'conveyor', 'fail'], program);
  vi.restoreAllMocks();
  return { code, stderr };
}

describe('main', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('exits 2 on wrong usage, saying what was wrong', async () => {
    expect(await exitFor(usageError('--batch is at most 100'))).toEqual({ code: 2, stderr: 'error: --batch is at most 100\n' });
  });

  it('exits 1 when the command failed, and prints nothing more when it already said why', async () => {
    expect(await exitFor(commandFailed('no message was accepted'))).toEqual({ code: 1, stderr: 'error: no message was accepted\n' });
    expect(await exitFor(commandFailed(''))).toEqual({ code: 1, stderr: '' });
  });

  it('exits 1 on an operation\'s error, with its message and no stack', async () => {
    expect(await exitFor(new OpsError('NOT_RUNNING', 'Conveyor is not running locally'))).toEqual({ code: 1, stderr: 'error: Conveyor is not running locally\n' });
  });
});
