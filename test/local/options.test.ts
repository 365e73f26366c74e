import { describe, expect, it } from 'vitest';
import { resolveRuntimeOptions, RuntimeOptionsError } from '../../local/options.js';

/** The RuntimeOptionsError `attempt` throws. */
function catching(attempt: () => unknown): RuntimeOptionsError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof RuntimeOptionsError) return error;
    throw error;
  }
  throw new Error('expected a RuntimeOptionsError, but nothing was thrown');
}

describe('resolveRuntimeOptions', () => {
  it('defaults to ports 3000 and 3001, cdk.out and .conveyor under the project, embedded emulators', () => {
    const options = resolveRuntimeOptions({ projectDir: '/p' });

    expect(options).toMatchObject({ port: 3000, awsPort: 3001, outputDir: '/p/cdk.out', stateDir: '/p/.conveyor', synth: true, maxInstances: 10, idleInstanceSeconds: 300, pollers: 5, quiet: false, inMemory: false, reset: false });
    expect(options.endpoint).toBeUndefined();
  });

  it.each([
    [{ port: 70_000 }, /port must be an integer from 0 to 65535/],
    [{ port: 1.5 }, /port/],
    [{ awsPort: -1 }, /awsPort/],
    [{ port: 4000, awsPort: 4000 }, /must differ/],
    [{ endpoint: 'localhost:4566' }, /endpoint/],
    [{ endpoint: 'ftp://x' }, /http/],
    [{ context: ['fifo'] }, /key=value/],
    [{ maxInstances: 0 }, /maxInstances/],
    [{ idleInstanceSeconds: -1 }, /idleInstanceSeconds/],
    [{ prot: 3000 } as never, /unknown option 'prot'/],
    [{ endpoint: 'http://localhost:4566', inMemory: true }, /inMemory applies to the embedded emulators/],
    [{ endpoint: 'http://localhost:4566', reset: true }, /reset applies to the embedded emulators/],
    [{ logFormat: 'yaml' } as never, /logFormat must be 'json' or 'pretty'/],
  ])('rejects %j', (input, message) => {
    expect(() => resolveRuntimeOptions(input)).toThrow(RuntimeOptionsError);
    expect(() => resolveRuntimeOptions(input)).toThrow(message);
  });

  it('refuses an https endpoint, which the local AWS proxy cannot forward, saying it forwards plain http', () => {
    const attempt = () => resolveRuntimeOptions({ endpoint: 'https://localhost:4566' });

    expect(attempt).toThrow(RuntimeOptionsError);
    expect(attempt).toThrow(/endpoint .*plain http.*http:\/\/localhost:4566/);
  });

  it.each([
    [{ port: 4000, awsPort: 4000 }, ['port', 'awsPort']],
    [{ endpoint: 'http://localhost:4566', reset: true }, ['reset', 'endpoint']],
    [{ pollers: 0 }, ['pollers']],
    [{ prot: 3000 } as never, []],
  ])('says which options %j are at fault, and words its message with the caller\'s names for them', (input, keys) => {
    const error = catching(() => resolveRuntimeOptions(input));

    expect(error.keys).toEqual(keys);
    const renamed = error.messageNaming((key) => `<${key}>`);
    for (const key of keys) expect(renamed).toContain(`<${key}>`);
    expect(renamed.replace(/<(\w+)>/g, '$1')).toBe(error.message);
  });

  it('allows port 0 for both (any free port) and trims a trailing slash off the endpoint', () => {
    expect(resolveRuntimeOptions({ port: 0, awsPort: 0, endpoint: 'http://localhost:4566/' })).toMatchObject({ port: 0, awsPort: 0, endpoint: 'http://localhost:4566' });
  });

  it('prints the functions\' lines as JSON when they go to a log callback, unless told otherwise', () => {
    const log = () => undefined;

    expect(resolveRuntimeOptions({ log }).logFormat).toBe('json');
    expect(resolveRuntimeOptions({ log, logFormat: 'pretty' }).logFormat).toBe('pretty');
  });
});
