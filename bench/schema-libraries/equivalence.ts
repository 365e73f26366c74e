/** Whether a candidate judges the corpus as the hand-written validator does: same verdicts, same messages. */
import { pathToFileURL } from 'node:url';
import { CORPUS } from './corpus.js';
import type { ParseLedgerCredit } from './rules.js';

/** `'valid'`, or the message the parser threw. */
export type Verdict = string;

/** Imports a bundle's `parseLedgerCredit` into this process. */
export async function loadParser(file: string): Promise<ParseLedgerCredit> {
  const module = (await import(pathToFileURL(file).href)) as { parseLedgerCredit: ParseLedgerCredit };
  return module.parseLedgerCredit;
}

/** The parser's verdict on every corpus payload, in corpus order. */
export function verdicts(parse: ParseLedgerCredit): Verdict[] {
  return CORPUS.map(({ payload }) => {
    try {
      parse(payload);
      return 'valid';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  });
}

/** How a candidate's verdicts compare with the reference's. */
export interface Agreement {
  /** Cases with the same verdict and, for invalid payloads, the same message. */
  readonly same: number;
  /** Corpus size. */
  readonly total: number;
  /** `<case>: expected … got …` for each other case. */
  readonly differences: readonly string[];
}

/** Compares `candidate` with `reference`, case by case. */
export function compareVerdicts(reference: readonly Verdict[], candidate: readonly Verdict[]): Agreement {
  const differences = CORPUS.flatMap(({ name }, index) =>
    reference[index] === candidate[index] ? [] : [`${name}: expected '${reference[index]}', got '${candidate[index]}'`]);
  return { same: CORPUS.length - differences.length, total: CORPUS.length, differences };
}
