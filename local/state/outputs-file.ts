import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `cdk deploy --outputs-file` shape: `{ "<StackName>": { "<OutputKey>": "<value>" } }`. The local
 * runtime adds its own keys to the stack's object (`ApiKey`, `SqsEndpoint`, `DynamoDbEndpoint`,
 * `Region`, `RuntimeUrl`), so one reader serves a deployment and the local runtime alike.
 */
export type OutputsFile = Record<string, Record<string, string>>;

/** Writes the outputs file atomically (write to a temporary file, then rename). */
export function writeOutputsFile(path: string, outputs: OutputsFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(outputs, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Reads an outputs file; `undefined` when it does not exist or is not valid JSON of that shape. */
export function readOutputsFile(path: string): OutputsFile | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return parsed as OutputsFile;
  } catch {
    return undefined;
  }
}
