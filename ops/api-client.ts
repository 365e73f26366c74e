/**
 * A small client for Conveyor's REST API (`POST messages`, `POST messages/batch`, `GET messages/{id}`): sends the API
 * key, times each request, and hands back the status and the parsed answer without judging it.
 */
import { IDEMPOTENCY_KEY_HEADER } from '../contract/index.js';
import { OpsError } from './errors.js';

/** One message as the API takes it; `idempotencyKey` goes in the header on the single route. */
export interface MessageInput {
  readonly type: string;
  readonly payload: unknown;
  readonly idempotencyKey?: string;
  readonly groupId?: string;
  readonly delaySeconds?: number;
  /** Any other field is sent as given (the API refuses unknown fields). */
  readonly [field: string]: unknown;
}

/** The API's answer to one request. */
export interface ApiAnswer {
  readonly status: number;
  /** The parsed JSON body; the raw text when it is not JSON. */
  readonly body: unknown;
  /** Client-side time from sending the request to reading the whole answer, ms. */
  readonly latencyMs: number;
}

/** Options of {@link ConveyorApi}. */
export interface ConveyorApiOptions {
  /** Base URL of the stage, e.g. `http://127.0.0.1:3000/prod/`. */
  readonly apiUrl: string;
  readonly apiKey: string;
  /** Per-request timeout, ms. @default 30000 */
  readonly timeoutMs?: number;
}

/** The API's error body fields, when an answer carries `{ error: { code, message } }`. */
export function errorOf(body: unknown): { code: string; message: string } | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error === null || typeof error !== 'object' || typeof error.code !== 'string') return undefined;
  return { code: error.code, message: typeof error.message === 'string' ? error.message : '' };
}

/** Whether an answer is a success (2xx). */
export const isSuccess = (answer: Pick<ApiAnswer, 'status'>): boolean => answer.status >= 200 && answer.status < 300;

/** Talks to one Conveyor API with one key. */
export class ConveyorApi {
  readonly #base: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;

  constructor(options: ConveyorApiOptions) {
    this.#base = options.apiUrl.replace(/\/?$/, '/');
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** `POST messages`: one message; its `idempotencyKey`, if any, is sent as the `Idempotency-Key` header. */
  postMessage(message: MessageInput): Promise<ApiAnswer> {
    const { idempotencyKey, ...body } = message;
    return this.#post('messages', JSON.stringify(body), idempotencyKey === undefined ? {} : { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey });
  }

  /** `POST messages/batch`: the messages as one request body (the caller keeps to the API's limits). */
  postBatch(messages: readonly MessageInput[]): Promise<ApiAnswer> {
    return this.#post('messages/batch', batchBody(messages), {});
  }

  /** `GET messages/{id}`: the state of one message by its idempotency key. */
  getMessage(id: string): Promise<ApiAnswer> {
    return this.#request('GET', `messages/${encodeURIComponent(id)}`, undefined, {});
  }

  #post(path: string, body: string, headers: Record<string, string>): Promise<ApiAnswer> {
    return this.#request('POST', path, body, { 'content-type': 'application/json', ...headers });
  }

  async #request(method: 'GET' | 'POST', path: string, body: string | undefined, headers: Record<string, string>): Promise<ApiAnswer> {
    const url = new URL(path, this.#base);
    const started = performance.now();
    let status: number;
    let text: string;
    try {
      const response = await fetch(url, {
        method,
        headers: { 'x-api-key': this.#apiKey, ...headers },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause;
      throw new OpsError('REQUEST_FAILED', `${method} ${url.href} failed: ${cause?.code ?? (error as Error).message}`, { cause: error });
    }
    const latencyMs = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): keep the text.
    }
    return { status, body: parsed, latencyMs };
  }
}

/** The batch route's request body for `messages`. */
export const batchBody = (messages: readonly MessageInput[]): string => JSON.stringify({ messages });
