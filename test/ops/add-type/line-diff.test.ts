import { describe, expect, it } from 'vitest';
import { diffLines } from '../../../ops/add-type/line-diff.js';

describe('diffLines', () => {
  it('shows added and removed lines with a line of context, hunks apart', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n');
    const after = ['a', 'b', 'B', 'c', 'd', 'e', 'g'].join('\n');

    expect(diffLines(before, after)).toEqual([
      { op: ' ', line: 2, text: 'b' },
      { op: '+', line: 3, text: 'B' },
      { op: ' ', line: 4, text: 'c' },
      undefined,
      { op: ' ', line: 6, text: 'e' },
      { op: '-', line: 6, text: 'f' },
      { op: ' ', line: 7, text: 'g' },
    ]);
  });

  it('is empty when nothing changed', () => {
    expect(diffLines('a\nb\n', 'a\nb\n')).toEqual([]);
  });
});
