import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'api-keys.json';

/**
 * API key values for keys the template leaves to CloudFormation: generated once (40 random
 * characters, as API Gateway does) and kept in the state folder so they stay the same across restarts.
 */
export function apiKeyValues(stateDir: string): (logicalId: string) => string {
  const path = join(stateDir, FILE);
  let values: Record<string, string> = {};
  try {
    values = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch {
    values = {};
  }
  return (logicalId) => {
    const existing = values[logicalId];
    if (typeof existing === 'string' && existing.length >= 20) return existing;
    const value = randomBytes(30).toString('base64url').slice(0, 40);
    values = { ...values, [logicalId]: value };
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
    return value;
  };
}
