import type { IncomingMessage } from 'node:http';

/** Where a request goes, parsed from its request target (`/prod/messages?x=1`). */
export interface RequestTarget {
  /** The first path segment, decoded: the stage name asked for. `undefined` when the path has none. */
  readonly stage: string | undefined;
  /** Decoded segments below the stage, without a trailing empty segment: `['messages', 'batch']`. */
  readonly segments: readonly string[];
  /** The path below the stage as the integration sees it (`event.path`): `/messages`. */
  readonly path: string;
  /** The whole path, stage included (`$context.path`): `/prod/messages`. */
  readonly fullPath: string;
  /** The raw query string, without `?`. */
  readonly query: string;
}

/** Single- and multi-value views of headers or query parameters; `null` when there are none (as in the event). */
export interface MultiValueMap {
  readonly single: Record<string, string> | null;
  readonly multi: Record<string, string[]> | null;
}

/** What the gateway reads from an incoming request, once. */
export interface GatewayRequest {
  /** The HTTP method, upper case as Node parsed it. */
  readonly method: string;
  readonly target: RequestTarget;
  /** Headers with the client's casing (first occurrence of a name wins the casing). */
  readonly headers: MultiValueMap;
  /** Lower-cased header name → last value, for lookups. */
  readonly headerValues: ReadonlyMap<string, string>;
  readonly queryParameters: MultiValueMap;
  /** The client address, IPv4-mapped IPv6 prefix removed. */
  readonly sourceIp: string;
  /** The port the request came in on. */
  readonly localPort: number;
  /** `HTTP/1.1`. */
  readonly protocol: string;
}

/** Reads method, target, headers and peer of a request. Never throws on client input. */
export function readGatewayRequest(req: IncomingMessage): GatewayRequest {
  const target = parseTarget(req.url ?? '');
  const headers = collectHeaders(req.rawHeaders);
  const headerValues = new Map<string, string>();
  for (const [name, value] of Object.entries(headers.single ?? {})) headerValues.set(name.toLowerCase(), value);
  const remote = req.socket.remoteAddress ?? '127.0.0.1';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    target,
    headers,
    headerValues,
    queryParameters: parseQuery(target.query),
    sourceIp: remote.startsWith('::ffff:') ? remote.slice('::ffff:'.length) : remote,
    localPort: req.socket.localPort ?? 0,
    protocol: `HTTP/${req.httpVersion}`,
  };
}

/** Parses a request target: origin form (`/prod/x?y`), absolute form (`http://h/prod/x`), or anything else (no path). */
export function parseTarget(url: string): RequestTarget {
  let rawPath = '';
  let query = '';
  if (url.startsWith('/')) {
    const mark = url.indexOf('?');
    rawPath = mark === -1 ? url : url.slice(0, mark);
    query = mark === -1 ? '' : url.slice(mark + 1);
  } else if (/^https?:\/\//i.test(url)) {
    try {
      const parsed = new URL(url);
      rawPath = parsed.pathname;
      query = parsed.search.slice(1);
    } catch {
      rawPath = '';
    }
  }
  const hashless = query.split('#')[0] as string;
  const decoded = rawPath.split('/').slice(1).map(decodeSegment);
  const [stage, ...below] = decoded;
  const segments = below.length > 0 && below[below.length - 1] === '' ? below.slice(0, -1) : below;
  return {
    stage: stage === undefined || stage === '' ? undefined : stage,
    segments,
    path: `/${below.join('/')}`,
    fullPath: decoded.length === 0 ? '/' : `/${decoded.join('/')}`,
    query: hashless,
  };
}

/**
 * Parses a query string as API Gateway does for REST proxy events: `+` is a space, `%XX` is decoded
 * (left as is when malformed), a name without `=` has the value `''`.
 */
export function parseQuery(query: string): MultiValueMap {
  const multi = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeQueryComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeQueryComponent(pair.slice(equals + 1));
    if (name === '') continue;
    const values = multi.get(name);
    if (values) values.push(value);
    else multi.set(name, [value]);
  }
  return fromMulti(multi);
}

/**
 * Groups raw header pairs (`req.rawHeaders`) by name, case-insensitively, keeping the casing of the
 * first occurrence; the single-value view holds the last value of each.
 */
export function collectHeaders(rawHeaders: readonly string[]): MultiValueMap {
  const multi = new Map<string, string[]>();
  const casing = new Map<string, string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    const key = casing.get(name.toLowerCase()) ?? name;
    casing.set(name.toLowerCase(), key);
    const values = multi.get(key);
    if (values) values.push(rawHeaders[index + 1] as string);
    else multi.set(key, [rawHeaders[index + 1] as string]);
  }
  return fromMulti(multi);
}

/** The media type of a `Content-Type` value, lower case without parameters: `application/json`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const mediaType = (contentType.split(';')[0] as string).trim().toLowerCase();
  return mediaType === '' ? undefined : mediaType;
}

/** `Object.fromEntries` defines own properties, so a client's `__proto__` stays an ordinary key. */
function fromMulti(multi: ReadonlyMap<string, string[]>): MultiValueMap {
  if (multi.size === 0) return { single: null, multi: null };
  return {
    single: Object.fromEntries([...multi].map(([name, values]) => [name, values[values.length - 1] as string])),
    multi: Object.fromEntries(multi),
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function decodeQueryComponent(component: string): string {
  const spaced = component.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
