/**
 * Reading an outputs file: `cdk deploy --outputs-file`'s `{ "<Stack>": { "<Output>": "<value>" } }`,
 * the local runtime's `local.json` (the same shape), or a flat object of one stack's outputs.
 */
import { readFileSync } from 'node:fs';
import { type OpsError, outputsFileError } from './errors.js';

/** The stack whose outputs are read when a file holds several and none is named. */
export const DEFAULT_STACK_NAME = 'Conveyor';

/** The stack outputs found in an outputs file, and the stack they belong to. */
export interface StackOutputs {
  readonly stackName: string;
  readonly outputs: Record<string, string>;
}

/**
 * Picks the stack's outputs from a parsed outputs file. Accepts both shapes: `{ "<Stack>": {…} }`
 * as `cdk deploy --outputs-file` and the local runtime write it, and a flat `{…}` of outputs.
 * @throws OpsError `OUTPUTS_FILE` when the content is neither, or the stack cannot be chosen.
 */
export function pickStackOutputs(content: unknown, file: string, stack?: string): StackOutputs {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    throw outputsFileError(file, `${file} is not an outputs file (expected a JSON object of stack outputs)`);
  }
  const entries = Object.entries(content as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([, value]) => typeof value === 'string')) {
    return { stackName: stack ?? DEFAULT_STACK_NAME, outputs: content as Record<string, string> };
  }
  const stacks = entries.filter(([, value]) => isStringRecord(value)).map(([name]) => name);
  if (stacks.length !== entries.length || stacks.length === 0) {
    throw outputsFileError(file, `${file} is not an outputs file: expected { "<Stack>": { "<Output>": "<value>", … } } or a flat object of outputs`);
  }
  const chosen = stack ?? (stacks.length === 1 ? stacks[0] : stacks.includes(DEFAULT_STACK_NAME) ? DEFAULT_STACK_NAME : undefined);
  if (chosen === undefined || !stacks.includes(chosen)) {
    const which = chosen === undefined ? 'several stacks' : `no stack ${chosen}`;
    throw outputsFileError(file, `${file} has ${which}; choose one with --stack (${stacks.join(', ')})`);
  }
  return { stackName: chosen, outputs: (content as Record<string, Record<string, string>>)[chosen] as Record<string, string> };
}

/** Reads and picks an outputs file; `notFound` words the error when the file does not exist. */
export function readStackOutputs(path: string, shownAs: string, stack: string | undefined, notFound: () => OpsError): StackOutputs {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound();
    throw outputsFileError(shownAs, `cannot read ${shownAs}: ${(error as Error).message}`, { cause: error });
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw outputsFileError(shownAs, `${shownAs} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return pickStackOutputs(content, shownAs, stack);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && Object.values(value as object).every((entry) => typeof entry === 'string');
}
