import { describe, expect, it } from 'vitest';
import { resolveRuntimeOptions, RuntimeOptionsError } from '../../local/options.js';

describe('resolveRuntimeOptions watch', () => {
  it('is off by default, and on when asked for', () => {
    expect(resolveRuntimeOptions({ projectDir: '/p' }).watch).toBe(false);
    expect(resolveRuntimeOptions({ projectDir: '/p', watch: true }).watch).toBe(true);
  });

  it('refuses watch without synth, naming both options', () => {
    const attempt = () => resolveRuntimeOptions({ projectDir: '/p', watch: true, synth: false });

    expect(attempt).toThrow(RuntimeOptionsError);
    expect(attempt).toThrow(/watch synthesizes again when the sources change: it cannot run with synth turned off \(synth\)/);
  });
});
