/** A line diff of two versions of a small file (a config), for showing an edit before it is made. */

/** One line of a diff: kept (`' '`), added (`'+'`) or removed (`'-'`), with its number in the new (or, removed, the old) file. */
export interface DiffLine {
  readonly op: ' ' | '+' | '-';
  readonly line: number;
  readonly text: string;
}

/**
 * The lines that differ between `before` and `after` (a longest common subsequence), each with
 * `context` unchanged lines around it; `undefined` separates hunks. Quadratic in the line count:
 * for files of a few hundred lines, as a config is.
 */
export function diffLines(before: string, after: string, context = 1): Array<DiffLine | undefined> {
  const a = before.split('\n');
  const b = after.split('\n');
  // common[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const all: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      all.push({ op: ' ', line: j + 1, text: b[j]! });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      all.push({ op: '+', line: j + 1, text: b[j]! });
      j++;
    } else {
      all.push({ op: '-', line: i + 1, text: a[i]! });
      i++;
    }
  }
  const near = (index: number): boolean =>
    all.slice(Math.max(0, index - context), index + context + 1).some((entry) => entry.op !== ' ');
  const shown: Array<DiffLine | undefined> = [];
  all.forEach((entry, index) => {
    if (!near(index)) return;
    if (shown.length > 0 && !near(index - 1)) shown.push(undefined);
    shown.push(entry);
  });
  return shown;
}
