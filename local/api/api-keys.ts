import type { ApiKeySpec, RestApiSpec, UsagePlanSpec } from '../template/specs.js';

/** The header API Gateway reads the API key from (matched case-insensitively). */
export const API_KEY_HEADER = 'x-api-key';

/** An API key accepted for the API, with the usage plan that covers it. */
export interface ResolvedApiKey {
  readonly key: ApiKeySpec;
  readonly plan: UsagePlanSpec;
}

/** Looks API keys up by value. */
export interface ApiKeyResolver {
  /**
   * The enabled key with this value that belongs to a usage plan of the API, or `undefined` (missing
   * header, unknown or disabled key, key in no plan) — API Gateway answers all of these with 403.
   */
  resolve(value: string | undefined): ResolvedApiKey | undefined;
}

/** Builds the key lookup for one API: enabled keys of its usage plans, by value. */
export function createApiKeyResolver(api: Pick<RestApiSpec, 'apiKeys' | 'usagePlans'>): ApiKeyResolver {
  const byValue = new Map<string, ResolvedApiKey>();
  for (const key of api.apiKeys) {
    if (!key.enabled || byValue.has(key.value)) continue;
    const plan = api.usagePlans.find((candidate) => candidate.apiKeyIds.includes(key.id));
    if (plan) byValue.set(key.value, { key, plan });
  }
  return {
    resolve: (value) => (value === undefined || value === '' ? undefined : byValue.get(value)),
  };
}
