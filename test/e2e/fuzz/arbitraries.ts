import fc from 'fast-check';

/** A generated request before it gets its run-unique account tag (`TAG` is replaced in the body). */
export interface FuzzRequest {
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  /** A string or raw bytes; the placeholder `TAG` stands for the request's unique account. */
  readonly body: string | Uint8Array | undefined;
  /** Omit the API key, or send a wrong one. */
  readonly key: 'valid' | 'missing' | 'wrong';
}

const TAG = 'TAG';

/** Strings SQS and JSON make hard: lone surrogates, U+FFFE/FFFF, control characters, NUL, long runs. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\uD800', '\uDFFF', 'a\uFFFEb', '\uFFFF', '\u0000', '\u0008', '😀', '', ' ', '\u202E', 'x'.repeat(129)),
  fc.string({ unit: fc.constantFrom('\uD83D', '\uDE00', 'a', '\u0000', '\uFFFE'), maxLength: 20 }),
);

/** Values around every numeric limit of a credit. */
const amount = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 1e308, -0),
  fc.string({ maxLength: 5 }),
  fc.constant(null),
);

/** A nested value `depth` levels deep (the payload limit is 32). */
const nested = (depth: number): unknown => (depth === 0 ? 1 : { n: nested(depth - 1) });

/** One message object: mostly valid, with one or two fields broken. */
const message = fc.record({
  // orders.place goes to a FIFO queue and a standard one: its groupId and delaySeconds rules differ from ledger.credit's.
  type: fc.oneof(
    { weight: 5, arbitrary: fc.constant('ledger.credit') },
    { weight: 2, arbitrary: fc.constant('orders.place') },
    { weight: 1, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  payload: fc.oneof(
    { weight: 6, arbitrary: fc.record({ account: fc.constant(TAG), amount }) },
    { weight: 1, arbitrary: fc.record({ account: nastyString, amount }) },
    { weight: 1, arbitrary: fc.record({ account: fc.constant(TAG), amount, extra: fc.jsonValue({ maxDepth: 2 }) }) },
    { weight: 1, arbitrary: fc.integer({ min: 28, max: 36 }).map((depth) => ({ account: TAG, amount: 1, deep: nested(depth) })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  ),
  delaySeconds: fc.option(fc.constantFrom(-1, 0, 1, 901, 1.5, '5', 1e9), { nil: undefined, freq: 4 }),
  groupId: fc.option(fc.oneof(nastyString, fc.constant('g-1')), { nil: undefined, freq: 5 }),
  idempotencyKey: fc.option(fc.oneof(nastyString, fc.constant(`k-${TAG}`)), { nil: undefined, freq: 3 }),
  padding: fc.option(fc.constantFrom(1_000, 262_000, 263_000), { nil: undefined, freq: 12 }),
}).map(({ padding, payload, ...rest }) => {
  const body: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  body.payload = padding !== undefined && typeof payload === 'object' && payload !== null && !Array.isArray(payload)
    ? { ...payload, memo: 'm'.repeat(padding) }
    : payload;
  return body;
});

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'APPLICATION/JSON', '', 'application/json;;') },
);

/** A valid message with benign variation (the accepted side of the fuzz). */
const validMessage = fc.record({
  type: fc.constant('ledger.credit'),
  payload: fc.record({ account: fc.constant(TAG), amount: fc.integer({ min: 1, max: 1_000_000 }) }),
  // Short delays only: the test waits for the queue to drain, delayed messages included.
  delaySeconds: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 5 }),
}).map((value) => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)));

const body = fc.oneof(
  { weight: 6, arbitrary: message.map((value) => JSON.stringify(value)) },
  { weight: 4, arbitrary: fc.array(message, { minLength: 0, maxLength: 120 }).map((messages) => JSON.stringify({ messages })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A request a correct client would send: it must be accepted (or throttled). */
const validRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc.record({
    path: fc.constant('messages'),
    method: fc.constant('POST'),
    headers: fc.option(fc.constant({ 'content-type': 'application/json', 'Idempotency-Key': `h-${TAG}` }), { nil: { 'content-type': 'application/json' } }),
    body: validMessage.map((value) => JSON.stringify(value)),
    key: fc.constant('valid' as const),
  }),
  fc.record({
    path: fc.constant('messages/batch'),
    method: fc.constant('POST'),
    headers: fc.constant({ 'content-type': 'application/json; charset=utf-8' }),
    body: fc.array(validMessage, { minLength: 1, maxLength: 100 }).map((messages) => JSON.stringify({ messages })),
    key: fc.constant('valid' as const),
  }),
);

/** A request as an attacker or a buggy client would send it, biased towards almost-valid ones. */
const adversarialRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  path: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('messages', 'messages/batch') }, { weight: 1, arbitrary: fc.constantFrom('', 'messages/', 'messages/batch/x', 'MESSAGES', '..%2fmessages', 'messages?x=1', 'messages%00') }),
  method: fc.oneof({ weight: 10, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') }),
  headers: fc.record({
    'content-type': contentType,
    'Idempotency-Key': fc.option(fc.oneof(fc.constant(`h-${TAG}`), fc.string({ maxLength: 140 })), { nil: undefined, freq: 3 }),
  }).map((headers) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>),
  body,
  key: fc.oneof({ weight: 12, arbitrary: fc.constant('valid' as const) }, { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'wrong' as const) }),
});

/** A third valid requests, two thirds adversarial ones. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof({ weight: 1, arbitrary: validRequest }, { weight: 2, arbitrary: adversarialRequest });

/** Puts the request's unique tag where the arbitrary left the placeholder. */
export function withTag(request: FuzzRequest, tag: string): FuzzRequest {
  const replace = (text: string) => text.split(TAG).join(tag);
  return {
    ...request,
    headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, replace(value)])),
    body: typeof request.body === 'string' ? replace(request.body) : request.body,
  };
}
