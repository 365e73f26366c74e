import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const projectDir = resolve(import.meta.dirname, '..', '..', '..');

/** Whether git ignores `path` in this checkout (`git check-ignore`, exit 0 when it does). */
function ignored(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: projectDir, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('state and assembly folders', () => {
  it.each([
    '.conveyor/api-keys.json',
    '.conveyor-fifo/api-keys.json',
    '.conveyor-fifo/data/sqs/fauxqs.db',
    'cdk.out/manifest.json',
    'cdk.out.ef396a11/manifest.json',
  ])('git ignores %s', (path) => {
    expect(ignored(path)).toBe(true);
  });

  it('and not the sources next to them', () => {
    expect(ignored('local/state/errors.ts')).toBe(false);
  });
});
