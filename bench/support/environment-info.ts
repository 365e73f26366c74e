import { readFileSync } from 'node:fs';
import { arch, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

const PACKAGES = ['aws-cdk-lib', 'fauxqs', 'dynalite', '@aws-lambda-powertools/idempotency', '@aws-lambda-powertools/batch', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs', 'esbuild'];

/** The machine and the versions a benchmark ran with. */
export function environmentInfo(projectDir: string) {
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(projectDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  return {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), arch: arch(), kernel: release(), node: process.version },
    versions: { conveyor: (JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { version: string }).version, ...Object.fromEntries(PACKAGES.map((name) => [name, version(name)])) },
  };
}
