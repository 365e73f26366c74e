/**
 * The chaos suite's drain rate under its default fault mix (10 % of the consumer's DynamoDB calls
 * throttled, 5 % of invocations crashed, 0.2 % of commits held past the visibility timeout): runs
 * `npm run chaos -- --json` in its own process (the suite lives with the tests) and reads its
 * figures. Nothing here asserts anything; the suite itself fails on a lost or doubled message.
 */
import { spawn } from 'node:child_process';

/** What the bench keeps of a chaos run. */
export interface ChaosDrain {
  readonly messages: number;
  readonly passed: boolean;
  /** Seconds from the last accepted send until the queue was empty and the consumer quiet. */
  readonly drainSeconds: number;
  /** Unique messages / drain seconds. */
  readonly drainMessagesPerSecond: number;
  readonly figures: Readonly<Record<string, number>>;
}

/** Runs the chaos suite at `messages` messages and returns its drain figures. */
export async function measureChaosDrain(projectDir: string, messages: number): Promise<ChaosDrain> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'chaos', '--', '--messages', String(messages), '--json', '--no-progress'], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-5000); });
    child.once('exit', (code) => (stdout.trim().startsWith('{') ? resolve(stdout) : reject(new Error(`the chaos suite exited with ${String(code)} without a result:\n${stderr}`))));
  });
  const result = JSON.parse(output) as { passed: boolean; seconds: { quiet: number }; figures: Record<string, number> };
  const unique = result.figures.uniqueMessages ?? messages;
  return {
    messages: unique,
    passed: result.passed,
    drainSeconds: result.seconds.quiet,
    drainMessagesPerSecond: unique / result.seconds.quiet,
    figures: result.figures,
  };
}
