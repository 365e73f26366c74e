import { describe, expect, it } from 'vitest';
import { assemblyDir, canonicalContext } from '../../../local/synth/assembly-dir.js';
import { resolveRuntimeOptions } from '../../../local/options.js';

describe('canonicalContext', () => {
  it('sorts the pairs by key and keeps the last value of a key given twice', () => {
    expect(canonicalContext(['maxReceiveCount=3', 'fifo=true', 'maxReceiveCount=5', 'url=a=b'])).toEqual(['fifo=true', 'maxReceiveCount=5', 'url=a=b']);
  });
});

describe('assemblyDir', () => {
  it('is cdk.out without context and one deterministic sibling per context set', () => {
    const fifo = assemblyDir('/p', ['fifo=true']);

    expect(assemblyDir('/p', [])).toBe('/p/cdk.out');
    expect(fifo).toMatch(/^\/p\/cdk\.out\.[0-9a-f]{8}$/);
    expect(assemblyDir('/p', ['fifo=true'])).toBe(fifo);
    expect(assemblyDir('/p', ['fifo=false'])).not.toBe(fifo);
    expect(assemblyDir('/p', ['a=1', 'b=2'])).toBe(assemblyDir('/p', ['b=2', 'a=1']));
  });
});

describe('resolveRuntimeOptions outputDir', () => {
  it('follows the context unless the folder is chosen', () => {
    expect(resolveRuntimeOptions({ projectDir: '/p', context: ['fifo=true'] }).outputDir).toBe(assemblyDir('/p', ['fifo=true']));
    expect(resolveRuntimeOptions({ projectDir: '/p', context: ['fifo=true'], outputDir: 'out' }).outputDir).toBe('/p/out');
  });
});
