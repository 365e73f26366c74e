import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectDir } from './cli/support.js';
import { type RuntimeProcess, startRuntimeProcess } from '../../local/runtime-process.js';
import { type ReadmeMode, readmeShellBlocks, testedReadmeBlocks } from './support/readme-blocks.js';
import { targetName } from './support/target.js';

/**
 * The README's examples, run as written: every `sh` block marked `<!-- readme-test: … -->` runs in
 * bash against a runtime started as `npm start` would (standard, and FIFO with `-c fifo=true`), after
 * the `export` lines that runtime's banner printed — what a reader pastes. Each `curl` must answer
 * what the `# 202 {…}` comment under it shows (status, body keys, error code), and every other
 * command must succeed. A command whose comment says "until Ctrl-C" gets Ctrl-C after 5 s.
 */

const README = join(projectDir, 'README.md');
/** What curl prints after each answer (through a `.curlrc`, so the commands stay as written). */
const STATUS_LINE = /^@@HTTP (\d{3})@@$/;

interface BashResult { readonly code: number; readonly stdout: string; readonly stderr: string }

function bash(script: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<BashResult> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd: projectDir, env, timeout: timeoutMs, maxBuffer: 10_000_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** `cmd  # … until Ctrl-C` → run it for 5 s, then Ctrl-C (timeout's 124 means it was still running: fine). */
function withCtrlC(script: string): string {
  return script.split('\n').map((line) => (/#.*until Ctrl-C/.test(line) ? `timeout -s INT 5 ${line.replace(/\s+#.*$/, '')} || [ $? -eq 124 ]` : line)).join('\n');
}

/** Each curl answer in `stdout`: its body (parsed when JSON) and status. */
function answers(stdout: string): { status: number; body: unknown }[] {
  const found: { status: number; body: unknown }[] = [];
  let body: string[] = [];
  for (const line of stdout.split('\n')) {
    const status = STATUS_LINE.exec(line);
    if (!status) {
      body.push(line);
      continue;
    }
    const text = body.join('\n').trim();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text.split('\n').at(-1) ?? '');
    } catch { /* not JSON: keep the text */ }
    found.push({ status: Number(status[1]), body: parsed });
    body = [];
  }
  return found;
}

describe.skipIf(targetName() !== 'embedded')('the README, run as written', () => {
  const curlHome = mkdtempSync(join(tmpdir(), 'conveyor-readme-curl-'));
  writeFileSync(join(curlHome, '.curlrc'), 'write-out = "\\n@@HTTP %{http_code}@@\\n"\n');
  afterAll(() => rmSync(curlHome, { recursive: true, force: true }));

  it('marks every sh block that talks to the local runtime, so none escapes this test', () => {
    const unmarked = readmeShellBlocks(README).filter(({ modes, script }) =>
      modes === undefined && /\$API_URL|\$API_KEY|^npx conveyor (?!.*--target (aws|localstack))/m.test(script));

    expect(unmarked.map(({ line }) => `README line ${line}`)).toEqual([]);
    expect(testedReadmeBlocks(README).length).toBeGreaterThan(3);
  });

  describe.each<ReadmeMode>(['standard', 'fifo'])('on a %s runtime', (mode) => {
    const stateDir = join(projectDir, '.conveyor', `e2e-readme-${mode}`);
    let runtime: RuntimeProcess | undefined;
    let exportLines: string[] = [];
    let env: NodeJS.ProcessEnv = {};

    beforeAll(async () => {
      runtime = await startRuntimeProcess(projectDir, stateDir, mode === 'fifo' ? ['-c', 'fifo=true'] : []);
      exportLines = runtime.output().split('\n').filter((line) => /^ {2}export API_(URL|KEY)=/.test(line)).map((line) => line.trim());
      env = { ...process.env, CONVEYOR_STATE_DIR: stateDir, CURL_HOME: curlHome };
      for (const name of ['API_URL', 'API_KEY', 'CONVEYOR_TARGET', 'CONVEYOR_OUTPUTS', 'CONVEYOR_API_KEY']) delete env[name];
    }, 240_000);

    afterAll(async () => {
      expect(await runtime?.stop()).toBe(0);
    });

    it('is the kind of queue it claims to be', () => {
      const outputs = JSON.parse(readFileSync(runtime!.outputsFile, 'utf8')) as Record<string, Record<string, string>>;
      const queueUrl = Object.values(outputs)[0]!.QueueUrl!;

      expect(queueUrl.endsWith('.fifo')).toBe(mode === 'fifo');
    });

    it('prints export lines in its banner that npx conveyor env prints too', async () => {
      const cli = await bash('npx conveyor env', env);

      expect(exportLines).toHaveLength(2);
      expect(cli.code).toBe(0);
      expect(cli.stdout.trim().split('\n')).toEqual(exportLines);
    });

    it('accepts the request its banner suggests, pasted with the export lines', async () => {
      const tryLines = runtime!.output().split('\n').filter((line) => /^ {2}curl /.test(line)).map((line) => line.trim());

      const result = await bash([...exportLines, ...tryLines].join('\n'), env);

      expect(tryLines).toHaveLength(1);
      expect(answers(result.stdout).map(({ status }) => status)).toEqual([202]);
    });

    const blocks = testedReadmeBlocks(README).filter((block) => block.modes.includes(mode));
    it.each(blocks)('runs the block at README line $line as written', async (block) => {
      const result = await bash(['set -e', ...exportLines, withCtrlC(block.script)].join('\n'), env);
      const got = answers(result.stdout);

      expect(result.code, `exit code; stderr:\n${result.stderr.slice(-3000)}`).toBe(0);
      expect(got.map(({ status }) => status)).toEqual(block.answers.map(({ status }) => status));
      block.answers.forEach((answer, index) => {
        const body = got[index]!.body as Record<string, unknown>;
        if (answer.keys) expect(Object.keys(body).sort()).toEqual(answer.keys);
        if (answer.errorCode) expect((body.error as { code: string }).code).toBe(answer.errorCode);
      });
    }, 180_000);
  });
});
