import { afterEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../../functions/shared/env-credentials.js';

const VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

describe('defaultProvider (the bundles\' credential chain)', () => {
  afterEach(() => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('resolves the role credentials Lambda puts in the environment', async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });

    await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('fails clearly when the environment holds none, instead of trying files or instance metadata', async () => {
    for (const name of VARIABLES) delete process.env[name];

    await expect(defaultProvider()()).rejects.toThrow(/Unable to find environment variable credentials/);
  });
});
