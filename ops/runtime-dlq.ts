/**
 * The local runtime's dead-letter endpoints (`GET /_conveyor/dlq`, `GET /_conveyor/dlq/<id>`) as a
 * {@link DeadLetterReader}, for `conveyor dlq list | peek` on the local target. The runtime reads
 * its embedded emulator's queues through the emulator's inspection, so looking at the DLQ this way
 * changes no receive count — which reading it with ReceiveMessage, as on AWS, would.
 */
import { errorOf } from './api-client.js';
import type { DeadLetter, DeadLetterReader } from './dead-letter.js';
import { apiError, OpsError } from './errors.js';

/** How long the runtime may take to answer, ms (it reads the whole DLQ). */
const TIMEOUT_MS = 30_000;

/** The answer of `GET /_conveyor/dlq`. */
interface ListAnswer {
  readonly messages: DeadLetter[];
  /** Whether the runtime read the DLQ with ReceiveMessage (it runs against LocalStack or another endpoint). */
  readonly countsAsReceive?: boolean;
}

/** Options of {@link runtimeDeadLetterReader}. */
export interface RuntimeDeadLetterReaderOptions {
  /** The queue whose DLQ to read, by its name in `conveyor.config.ts` (`?queue=`). @default the runtime's default queue */
  readonly queue?: string;
}

/**
 * A reader over the runtime at `runtimeUrl`. `countsAsReceive` is what the last list said (false
 * until one answered: the runtime's own emulator has the inspection).
 * @throws OpsError `API` when the runtime answers 4xx/5xx (a queue it does not know: 404 UNKNOWN_QUEUE;
 *   but a 404 MESSAGE_NOT_FOUND to a peek is undefined), `REQUEST_FAILED` when it does not answer.
 */
export function runtimeDeadLetterReader(runtimeUrl: string, options: RuntimeDeadLetterReaderOptions = {}): DeadLetterReader {
  const base = `${runtimeUrl.replace(/\/+$/, '')}/_conveyor/dlq`;
  const url = (path: string, query: Record<string, string> = {}): string => {
    const params = new URLSearchParams({ ...(options.queue !== undefined ? { queue: options.queue } : {}), ...query }).toString();
    return `${base}${path}${params === '' ? '' : `?${params}`}`;
  };
  let countsAsReceive = false;
  return {
    get countsAsReceive() {
      return countsAsReceive;
    },
    async list(max) {
      const answer = (await getJson(url('', { max: String(max) }))) as ListAnswer;
      countsAsReceive = answer.countsAsReceive ?? true;
      return answer.messages;
    },
    async peek(id) {
      return (await getJson(url(`/${encodeURIComponent(id)}`), 'MESSAGE_NOT_FOUND')) as DeadLetter | undefined;
    },
  };
}

/** GETs JSON; `undefined` for a 404 with the error code `absent`. */
async function getJson(url: string, absent?: string): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    text = await response.text();
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    throw new OpsError('REQUEST_FAILED', `cannot reach ${url}: ${cause?.code ?? (error as Error).message}`, { cause: error });
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: reported as text below.
  }
  const error = errorOf(body);
  if (response.status === 404 && absent !== undefined && error?.code === absent) return undefined;
  if (!response.ok) throw apiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? text.slice(0, 300), body);
  return body;
}
