import { readFileSync } from 'node:fs';

/** The runtimes a README example is run against. */
export type ReadmeMode = 'standard' | 'fifo';

/** What one `curl` in a block must answer: the `# 202 {…}` comment under it. */
export interface ExpectedAnswer {
  readonly status: number;
  /** The top-level keys of the body shown, when the comment shows a JSON body. */
  readonly keys?: readonly string[];
  /** The `error.code` shown, when the body shown is an error. */
  readonly errorCode?: string;
}

/** A fenced `sh` block of the README marked `<!-- readme-test: standard fifo -->`. */
export interface ReadmeBlock {
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  readonly modes: readonly ReadmeMode[];
  /** The block as written. */
  readonly script: string;
  /** The answers its `curl`s must give, in order. */
  readonly answers: readonly ExpectedAnswer[];
}

const MARKER = /^<!--\s*readme-test:\s*([a-z ]+?)\s*-->$/;
const ANSWER = /^#\s+(\d{3})(?:\s+(.*))?$/;

/** The README's `sh` blocks with their markers (`undefined` modes for an unmarked block). */
export function readmeShellBlocks(path: string): { line: number; modes: readonly ReadmeMode[] | undefined; script: string }[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: { line: number; modes: readonly ReadmeMode[] | undefined; script: string }[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index]?.trim() !== '```sh') continue;
    const end = lines.findIndex((line, at) => at > index && line.trim() === '```');
    if (end < 0) throw new Error(`README line ${index + 1}: an sh block is not closed`);
    const marker = MARKER.exec(lines[index - 1]?.trim() ?? '');
    const modes = marker ? marker[1]!.split(/\s+/).map((mode) => {
      if (mode !== 'standard' && mode !== 'fifo') throw new Error(`README line ${index}: unknown readme-test mode '${mode}'`);
      return mode;
    }) : undefined;
    blocks.push({ line: index + 1, modes, script: lines.slice(index + 1, end).join('\n') });
    index = end;
  }
  return blocks;
}

/** The marked blocks, with the answers their comments promise. */
export function testedReadmeBlocks(path: string): ReadmeBlock[] {
  return readmeShellBlocks(path).flatMap(({ line, modes, script }) => (modes ? [{ line, modes, script, answers: answersOf(script) }] : []));
}

function answersOf(script: string): ExpectedAnswer[] {
  return script.split('\n').flatMap((line) => {
    const match = ANSWER.exec(line.trim());
    if (!match) return [];
    const status = Number(match[1]);
    const body = parseShown(match[2]);
    if (body === undefined) return [{ status }];
    const errorCode = (body.error as { code?: unknown } | undefined)?.code;
    return [{ status, keys: Object.keys(body).sort(), ...(typeof errorCode === 'string' ? { errorCode } : {}) }];
  });
}

/** The JSON body a comment shows, `…` standing for any value; undefined when it shows none. */
function parseShown(text: string | undefined): Record<string, unknown> | undefined {
  if (!text?.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
