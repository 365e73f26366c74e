/**
 * Schema libraries for payload validation, measured against today's hand-written `ledger.credit`
 * validator: bundle size, cold-start cost, validation speed, messages, and JSON Schema export for
 * API Gateway (draft-04). Prints Markdown tables (or JSON with `--json`); docs/schema-libraries.md
 * holds a run and what follows from it.
 *
 *   npm exec -- node --import tsx bench/schema-libraries/run.ts [--repeats 21] [--speed-ms 1000]
 *     [--speed-rounds 3] [--out <dir for the bundles>] [--json]
 */
import { mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchError } from '../errors.js';
import { bundleCandidate, type BuiltBundle } from './bundle.js';
import { CANDIDATES, installedVersion } from './candidates.js';
import { measureImports } from './cold-start.js';
import { checkDraft04 } from './draft04.js';
import { compareVerdicts, loadParser, verdicts } from './equivalence.js';
import { JSON_SCHEMA_EXPORTS } from './json-schemas.js';
import { measureSpeed, type ValidationSpeed } from './speed.js';

const { values: options } = parseArgs({
  options: {
    repeats: { type: 'string', default: '21' },
    'speed-ms': { type: 'string', default: '1000' },
    'speed-rounds': { type: 'string', default: '3' },
    out: { type: 'string', default: join(tmpdir(), 'conveyor-schema-libraries') },
    json: { type: 'boolean', default: false },
  },
});
const positive = (name: 'repeats' | 'speed-ms' | 'speed-rounds') => {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < 1) throw new BenchError('INVALID_COLD_START_OPTIONS', `--${name} must be a positive integer (got ${options[name]})`);
  return value;
};
const repeats = positive('repeats');
const speedMs = positive('speed-ms');
const speedRounds = positive('speed-rounds');
const progress = (line: string) => process.stderr.write(`${line}\n`);

// 1. Bundles, and what each judges the corpus to be.
mkdirSync(options.out, { recursive: true });
const bundles: BuiltBundle[] = [];
for (const candidate of CANDIDATES) bundles.push(await bundleCandidate(candidate, options.out));
progress(`bundled ${bundles.length} entries into ${options.out}`);
const allVerdicts = await Promise.all(bundles.map(async (bundle) => verdicts(await loadParser(bundle.file))));
const reference = allVerdicts[0]!;
const referenceParse = await loadParser(bundles[0]!.file);
const isValid = (payload: unknown) => {
  try {
    referenceParse(payload);
    return true;
  } catch {
    return false;
  }
};

// 2. Cold start (interleaved fresh processes), then speed (interleaved rounds, median).
const imports = await measureImports(bundles.map((bundle) => bundle.file), 'parseLedgerCredit', repeats, progress);
const speedSamples: ValidationSpeed[][] = bundles.map(() => []);
for (let round = 1; round <= speedRounds; round++) {
  for (const [index, bundle] of bundles.entries()) speedSamples[index]!.push(await measureSpeed(bundle.file, isValid, speedMs));
  progress(`speed: round ${round}/${speedRounds}`);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// 3. JSON Schema export, checked as a draft-04 model.
const exports = JSON_SCHEMA_EXPORTS.map((item) => {
  try {
    const emitted = item.produce();
    return { library: item.library, call: item.call, emitted, check: checkDraft04(emitted, isValid) };
  } catch (error) {
    return { library: item.library, call: item.call, error: error instanceof Error ? error.message : String(error) };
  }
});

const rows = CANDIDATES.map((candidate, index) => {
  const bundle = bundles[index]!;
  const imported = imports.bundles[index]!;
  const samples = speedSamples[index]!;
  return {
    name: candidate.name,
    versions: candidate.packages.map((name) => `${name}@${installedVersion(name)}`).join(', ') || '—',
    bundleBytes: bundle.bundleBytes,
    gzipBytes: bundle.gzipBytes,
    ...imported,
    validOps: median(samples.map((sample) => sample.validOps)),
    invalidOps: median(samples.map((sample) => sample.invalidOps)),
    messages: compareVerdicts(reference, allVerdicts[index]!),
  };
});
const result = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`,
  repeats,
  speedMs,
  speedRounds,
  baselineMs: imports.baselineMs,
  emptyModuleMs: imports.emptyModuleMs,
  rows,
  exports,
};

if (options.json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const base = rows[0]!;
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(Math.round(value * 10) / 10)}`;
  const lines = [
    `${result.date}, Node ${result.node}, ${result.machine}; cold start: median of ${repeats} fresh processes each (after a warm-up round), \`node -e 0\` ${result.baselineMs} ms, probe importing an empty module ${result.emptyModuleMs} ms; speed: median of ${speedRounds} rounds of ${speedMs} ms.`,
    '',
    '| validator | package | bundle bytes (gzip) | Δ gzip vs hand-written | cold start over `node -e 0`, ms | over empty module, ms | Δ vs hand-written, ms | import wall / CPU, ms | valid ops/s | invalid ops/s | messages as hand-written |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.name} | ${row.versions} | ${row.bundleBytes} (${row.gzipBytes}) | ${signed(row.gzipBytes - base.gzipBytes)} | ${signed(row.overBaselineMs)} | ${signed(row.overEmptyModuleMs)} | ${signed(row.overBaselineMs - base.overBaselineMs)} | ${row.importMs} / ${row.importCpuMs} | ${row.validOps.toLocaleString('en-US')} | ${row.invalidOps.toLocaleString('en-US')} | ${row.messages.same}/${row.messages.total} |`),
    '',
    ...rows.flatMap((row) => row.messages.differences.map((difference) => `- ${row.name}: ${difference}`)),
    '',
    '| library | call | ajv-draft-04 as emitted | conversion needed | ajv-draft-04 converted | corpus as hand-written |',
    '|---|---|---|---|---|---|',
    ...exports.map((item) => ('error' in item
      ? `| ${item.library} | \`${item.call}\` | throws: ${item.error} | | | |`
      : `| ${item.library} | \`${item.call}\` | ${item.check.asEmitted} | ${item.check.changes.join('; ') || 'none'} | ${item.check.converted} | ${item.check.agreement === undefined ? '—' : `${item.check.agreement.same}/${item.check.agreement.total}${item.check.agreement.differences.length > 0 ? ` (differs: ${item.check.agreement.differences.join(', ')})` : ''}`} |`)),
    '',
    ...exports.flatMap((item) => ('emitted' in item ? [`- ${item.library}, \`${item.call}\`: \`${JSON.stringify(item.emitted)}\``] : [])),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
