/** Per service → operation → caller request counters of the AWS proxy. */

/** Counts for one (service, operation, caller). */
export interface RequestCount {
  /** Requests received (forwarded or answered with an injected error). */
  readonly requests: number;
  /** Error responses not injected: the upstream's 4xx/5xx and the proxy's own 502s. */
  readonly errors: number;
  /** Requests answered with an injected error. */
  readonly injected: number;
  /** Request body bytes received. */
  readonly requestBytes: number;
  /** Response body bytes sent. */
  readonly responseBytes: number;
}

/** `snapshot[service][operation][caller]`; the caller is `'-'` for requests without a `/_caller/<name>` prefix. */
export type RequestCountersSnapshot = Record<string, Record<string, Record<string, RequestCount>>>;

/** Caller key for requests that name no caller. */
export const NO_CALLER = '-';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Mutable counts the proxy updates in place. */
export type RequestCountEntry = Mutable<RequestCount>;

/** Counts the proxy's requests; `snapshot()` for readers, `entry()` for the proxy. */
/**
 * The service key under which the proxy counts its own requests to the DynamoDB emulator, by
 * operation and by the caller whose request caused them: a `TransactWriteItems` the proxy runs
 * itself is several (reads, conditional writes), a request streamed through is one. What the
 * emulator does per message, beside what AWS would bill (the `dynamodb` key).
 */
export const EMULATOR_DYNAMODB_SERVICE = 'dynamodb-emulator';

export class RequestCounters {
  readonly #entries = new Map<string, Map<string, Map<string, RequestCountEntry>>>();

  /** The live counts of one (service, operation, caller), created at zero. */
  entry(service: string, operation: string, caller: string | undefined): RequestCountEntry {
    const byOperation = getOrCreate(this.#entries, service, () => new Map<string, Map<string, RequestCountEntry>>());
    const byCaller = getOrCreate(byOperation, operation, () => new Map<string, RequestCountEntry>());
    return getOrCreate(byCaller, caller ?? NO_CALLER, () => ({ requests: 0, errors: 0, injected: 0, requestBytes: 0, responseBytes: 0 }));
  }

  /** A copy of the counts; entries that are all zero are left out. */
  snapshot(): RequestCountersSnapshot {
    const result: RequestCountersSnapshot = {};
    for (const [service, byOperation] of this.#entries) {
      for (const [operation, byCaller] of byOperation) {
        for (const [caller, count] of byCaller) {
          if (Object.values(count).every((n) => n === 0)) continue;
          ((result[service] ??= {})[operation] ??= {})[caller] = { ...count };
        }
      }
    }
    return result;
  }

  /** Zeroes every count (in place, so requests in flight keep counting their bytes). */
  reset(): void {
    for (const byOperation of this.#entries.values()) {
      for (const byCaller of byOperation.values()) {
        for (const count of byCaller.values()) Object.assign(count, { requests: 0, errors: 0, injected: 0, requestBytes: 0, responseBytes: 0 });
      }
    }
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
