/** The fault rules in force, and the decisions they make for each AWS call and invocation. */
import type { AwsCallFaults, FaultPolicy, InjectedAwsError, InvocationFaults } from './decisions.js';
import type { AwsFaultRule, FaultRule, FaultRuleStats, FunctionFaultRule, RegionalAwsCall } from './rules.js';
import { parseFaultRules } from './schema.js';

/** Options of {@link FaultStore}. */
export interface FaultStoreOptions {
  /** Source of randomness in [0, 1) for probabilities and crash delays; inject a stub for deterministic tests. @default Math.random */
  readonly random?: () => number;
  /** Initial rules (validated). @default [] */
  readonly rules?: FaultRule | readonly FaultRule[];
}

/** Default crash delay range when a rule gives none, in ms. */
export const DEFAULT_CRASH_AFTER_MS: readonly [number, number] = [0, 100];

interface Entry<R extends FaultRule> {
  readonly rule: R;
  /** Lower-cased names the rule is restricted to (undefined = any). */
  readonly operation?: string;
  readonly function?: string;
  readonly probability: number;
  matched: number;
  fired: number;
}

/**
 * Holds the fault rules and implements {@link FaultPolicy} for the AWS proxy and the function host.
 *
 * Evaluation, per call or invocation: rules are taken in order; each matching rule rolls its
 * `probability` (one `random()` draw, none when the probability is 0 or 1) until it has fired
 * `times` times; every rule that fires
 * adds its `latencyMs` (latencies add up); the first firing rule with an `error` (or `crash`)
 * decides the error (crash), and later rules carrying an error (crash) are not evaluated.
 */
export class FaultStore implements FaultPolicy {
  readonly #random: () => number;
  #entries: Entry<FaultRule>[] = [];
  #aws: Entry<AwsFaultRule>[] = [];
  #functions: Entry<FunctionFaultRule>[] = [];

  constructor(options: FaultStoreOptions = {}) {
    this.#random = options.random ?? Math.random;
    if (options.rules !== undefined) this.set(options.rules);
  }

  /** Replaces every rule. @throws InvalidFaultRuleError (and changes nothing) when a rule is invalid. */
  set(rules: FaultRule | readonly FaultRule[]): void {
    this.#replace(parseFaultRules(rules).map(entry));
  }

  /** Appends rules after the existing ones. @throws InvalidFaultRuleError (and changes nothing) when a rule is invalid. */
  add(rules: FaultRule | readonly FaultRule[]): void {
    this.#replace([...this.#entries, ...parseFaultRules(rules).map(entry)]);
  }

  /**
   * Removes every rule deep-equal (key order aside) to one of `rules`.
   * @returns how many rules were removed.
   * @throws InvalidFaultRuleError (and changes nothing) when a given rule is invalid.
   */
  remove(rules: FaultRule | readonly FaultRule[]): number {
    const keys = new Set(parseFaultRules(rules).map(canonical));
    const kept = this.#entries.filter((e) => !keys.has(canonical(e.rule)));
    const removed = this.#entries.length - kept.length;
    this.#replace(kept);
    return removed;
  }

  /** Removes every rule. */
  clear(): void {
    this.#replace([]);
  }

  /** The rules in evaluation order, as given (frozen). */
  list(): readonly FaultRule[] {
    return this.#entries.map((e) => e.rule);
  }

  /** How many calls each rule matched and how often it fired, in rule order; counts restart when a rule is (re)added. */
  stats(): readonly FaultRuleStats[] {
    return this.#entries.map((e) => ({ rule: e.rule, matched: e.matched, fired: e.fired }));
  }

  /** Decides the faults of one SQS/DynamoDB call; undefined when no rule fired. */
  forAwsCall(call: RegionalAwsCall): AwsCallFaults | undefined {
    if (this.#aws.length === 0) return undefined;
    const operation = call.operation.toLowerCase();
    const caller = call.caller?.toLowerCase();
    let latencyMs = 0;
    let error: InjectedAwsError | undefined;
    let fired = false;
    for (const e of this.#aws) {
      const { rule } = e;
      if (rule.service !== call.service || (error && rule.error)) continue;
      if (e.operation !== undefined && e.operation !== operation) continue;
      if (e.function !== undefined && e.function !== caller) continue;
      if (rule.region !== undefined && rule.region !== call.region) continue;
      if (!this.#fires(e)) continue;
      fired = true;
      latencyMs += rule.latencyMs ?? 0;
      if (rule.error) {
        error = {
          code: rule.error.code,
          statusCode: rule.error.statusCode ?? 400,
          message: rule.error.message ?? `Injected fault: ${rule.error.code}`,
        };
      }
    }
    if (!fired) return undefined;
    return { ...(latencyMs > 0 ? { latencyMs } : {}), ...(error ? { error } : {}) };
  }

  /** Decides the faults of one invocation; undefined when no rule fired. */
  forInvocation(fn: { readonly name: string; readonly logicalId: string; readonly functionName: string }): InvocationFaults | undefined {
    if (this.#functions.length === 0) return undefined;
    const names = [fn.name.toLowerCase(), fn.logicalId.toLowerCase(), fn.functionName.toLowerCase()];
    let latencyMs = 0;
    let crashAfterMs: number | undefined;
    let fired = false;
    for (const e of this.#functions) {
      const { rule } = e;
      if (crashAfterMs !== undefined && rule.crash) continue;
      if (e.function !== undefined && !names.includes(e.function)) continue;
      if (!this.#fires(e)) continue;
      fired = true;
      latencyMs += rule.latencyMs ?? 0;
      if (rule.crash) crashAfterMs = this.#crashDelay(rule.crash === true ? undefined : rule.crash.afterMs);
    }
    if (!fired) return undefined;
    return { ...(latencyMs > 0 ? { latencyMs } : {}), ...(crashAfterMs !== undefined ? { crashAfterMs } : {}) };
  }

  #fires(e: Entry<FaultRule>): boolean {
    if (e.rule.times !== undefined && e.fired >= e.rule.times) return false;
    e.matched += 1;
    const p = e.probability;
    const fires = p >= 1 || (p > 0 && this.#random() < p);
    if (fires) e.fired += 1;
    return fires;
  }

  #crashDelay(afterMs: number | readonly [number, number] | undefined): number {
    if (typeof afterMs === 'number') return afterMs;
    const [min, max] = afterMs ?? DEFAULT_CRASH_AFTER_MS;
    return Math.round(min + this.#random() * (max - min));
  }

  #replace(entries: Entry<FaultRule>[]): void {
    this.#entries = entries;
    this.#aws = entries.filter((e): e is Entry<AwsFaultRule> => e.rule.service !== 'lambda');
    this.#functions = entries.filter((e): e is Entry<FunctionFaultRule> => e.rule.service === 'lambda');
  }
}

function entry(rule: FaultRule): Entry<FaultRule> {
  const frozen = deepFreeze(structuredClone(rule));
  return {
    rule: frozen,
    operation: 'operation' in frozen ? frozen.operation?.toLowerCase() : undefined,
    function: frozen.function?.toLowerCase(),
    probability: frozen.probability ?? 1,
    matched: 0,
    fired: 0,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** JSON with sorted keys, so rules compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
