/**
 * Stands in for `@aws-sdk/credential-provider-node` in the functions' bundles (an esbuild alias in
 * `infra/constructs/functions.ts`). Lambda always gives a function its role's credentials in
 * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, the first link of the SDK's
 * default chain; the rest of the chain (SSO, INI files, credential processes, web identity,
 * IMDS/ECS, and the STS and SSO clients behind them) never runs there, but loading it cost about
 * 30 ms of every cold start (measured with `npm run bench`). Outside Lambda a bundle needs those
 * variables set, as the local runtime and LocalStack do.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The SDK's `defaultProvider`, reduced to the environment. */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
