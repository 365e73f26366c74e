import { describe, expect, it } from 'vitest';
import { figure, formatTable } from '../../cli/format.js';

describe('formatTable', () => {
  it('aligns columns under a rule, numbers to the right', () => {
    const text = formatTable(['figure', 'value'], [['accepted', 50], ['duplicates sent', 5]]);

    expect(text.split('\n')).toEqual([
      'figure           value',
      '---------------  -----',
      'accepted            50',
      'duplicates sent      5',
    ]);
  });
});

describe('figure', () => {
  it('prints integers as they are, fractions rounded, and n/a for nothing', () => {
    expect(figure(3)).toBe('3');
    expect(figure(2.345, 2)).toBe('2.35');
    expect(figure(null)).toBe('n/a');
  });
});
