/** Output helpers of the `conveyor` command line: aligned tables and JSON. */

/** A table row: label and value cells. */
export type Row = readonly (string | number)[];

/**
 * Formats rows as an aligned plain-text table with a header and a rule under it, numbers
 * right-aligned, e.g.
 * ```
 * figure     value
 * ---------  -----
 * accepted      50
 * ```
 */
export function formatTable(header: Row, rows: readonly Row[]): string {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number' || /^-?[\d.,]+( ?[a-z%/]+)?$/.test(String(row[column] ?? ''))));
  const line = (row: string[]) =>
    row.map((cell, column) => (numeric[column] && column > 0 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(all[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** A number for a table: integers as they are, others with `digits` decimals; `n/a` for null. */
export function figure(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** Writes a value as JSON (pretty) and a newline to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
