/**
 * Validation speed of a bundle: in a fresh child process, `parseLedgerCredit` is called in a loop
 * over the valid payloads of the corpus, then over the invalid ones (each throws, and the loop
 * catches it, as the producer does), after a warm-up; operations per second.
 */
import { pathToFileURL } from 'node:url';
import { timeNodeProcess } from '../cold-start/probe.js';
import { CORPUS } from './corpus.js';

/** Operations per second of one bundle. */
export interface ValidationSpeed {
  /** Valid payloads parsed per second. */
  readonly validOps: number;
  /** Invalid payloads rejected (error thrown and caught) per second. */
  readonly invalidOps: number;
}

/** What the child runs: `node --input-type=module -e SPEED_SCRIPT <bundle URL> <valid JSON> <invalid JSON> <ms>`. */
const SPEED_SCRIPT = `
const [url, validJson, invalidJson, ms] = process.argv.slice(1);
const { parseLedgerCredit: parse } = await import(url);
let sink = 0;
function opsPerSecond(payloads, budgetMs) {
  let count = 0;
  const started = performance.now();
  let now = started;
  while (now - started < budgetMs) {
    for (let i = 0; i < 1000; i++) {
      const payload = payloads[count++ % payloads.length];
      try { sink += parse(payload).amount; } catch (error) { sink += error.message.length; }
    }
    now = performance.now();
  }
  return count / ((now - started) / 1000);
}
const valid = JSON.parse(validJson), invalid = JSON.parse(invalidJson);
opsPerSecond(valid, Number(ms) / 4); opsPerSecond(invalid, Number(ms) / 4);
process.stdout.write(JSON.stringify({ validOps: opsPerSecond(valid, Number(ms)), invalidOps: opsPerSecond(invalid, Number(ms)), sink }) + '\\n');
`;

/** Whether the hand-written validator accepts a payload (the reference decides what is valid). */
export type IsValid = (payload: unknown) => boolean;

/** Measures `file` (a bundle exporting `parseLedgerCredit`) for `ms` per kind of payload. */
export async function measureSpeed(file: string, isValid: IsValid, ms: number): Promise<ValidationSpeed> {
  const payloads = CORPUS.map((item) => item.payload);
  const args = ['--input-type=module', '-e', SPEED_SCRIPT, pathToFileURL(file).href,
    JSON.stringify(payloads.filter(isValid)), JSON.stringify(payloads.filter((payload) => !isValid(payload))), String(ms)];
  const run = await timeNodeProcess(args, { PATH: process.env.PATH ?? '/usr/bin:/bin' }, `speed of ${file}`);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ValidationSpeed;
  return { validOps: Math.round(report.validOps), invalidOps: Math.round(report.invalidOps) };
}
