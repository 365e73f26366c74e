import { afterAll, describe, expect, it } from 'vitest';
import { api, credit, dynamodb, ledger, ledgerWith, newAccount, unavailable } from './support/conveyor-client.js';

/**
 * One bad request per class of bad input, each for its own account so "changes nothing" can be checked;
 * `says` is what the error message must name (the field and the rule, or the route).
 */
const cases: { name: string; status: number; says?: RegExp; request: (account: string) => Parameters<typeof api> }[] = [
  { name: 'no API key', status: 403, request: (account) => ['messages', { body: credit(account, 1), apiKey: null }] },
  { name: 'a wrong API key', status: 403, request: (account) => ['messages', { body: credit(account, 1), apiKey: 'not-the-key-0123456789' }] },
  { name: 'an unknown route', status: 404, says: /^no such route: this API serves POST \/prod\/messages/, request: (account) => ['nowhere', { body: credit(account, 1) }] },
  { name: 'a method the route lacks', status: 404, says: /^no such route/, request: () => ['messages', { method: 'GET' }] },
  { name: 'a body that is not JSON', status: 400, says: /^body must be a JSON object/, request: () => ['messages', { body: '{"type": "ledger.credit", ' }] },
  { name: 'an empty body', status: 400, says: /body is empty/, request: () => ['messages', { body: '' }] },
  { name: 'a non-JSON content type', status: 415, request: (account) => ['messages', { body: JSON.stringify(credit(account, 1)), headers: { 'content-type': 'text/plain' } }] },
  { name: 'an unknown message type', status: 400, says: /^body\.type 'ledger\.steal' is not a registered message type \(registered: [^)]*\bledger\.credit\b[^)]*\)/, request: (account) => ['messages', { body: { type: 'ledger.steal', payload: { account, amount: 1 } } }] },
  { name: 'a payload that breaks its type', status: 400, says: /^body\.payload\.amount must be a positive integer/, request: (account) => ['messages', { body: credit(account, -5) }] },
  { name: 'an extra top-level field', status: 400, says: /^body must not have the field "admin"/, request: (account) => ['messages', { body: credit(account, 1, { admin: true }) }] },
  { name: 'an invalid Idempotency-Key', status: 400, says: /^Idempotency-Key must be/, request: (account) => ['messages', { body: credit(account, 1), headers: { 'Idempotency-Key': 'spaces are not allowed' } }] },
  { name: 'a message too large for SQS', status: 413, request: (account) => ['messages', { body: credit(account, 1, { padding: undefined, payload: { account, amount: 1, memo: 'x'.repeat(300_000) } }) }] },
  { name: 'a body over API Gateway’s 10 MB', status: 413, request: () => ['messages', { body: 'x'.repeat(10 * 1024 * 1024 + 1) }] },
  { name: 'a batch of 101', status: 400, says: /^body\.messages must hold 1 to 100 messages \(got 101\)/, request: (account) => ['messages/batch', { body: { messages: Array.from({ length: 101 }, () => credit(account, 1)) } }] },
  { name: 'an empty batch', status: 400, says: /^body\.messages must hold 1 to 100/, request: () => ['messages/batch', { body: { messages: [] } }] },
  { name: 'an Idempotency-Key header on the batch route', status: 400, request: (account) => ['messages/batch', { body: { messages: [credit(account, 1)] }, headers: { 'Idempotency-Key': 'k1' } }] },
  { name: 'a body nested 10,000 deep', status: 400, says: /^body must be a JSON object/, request: () => ['messages', { body: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }] },
  { name: 'invalid UTF-8 (decoded with U+FFFD, as API Gateway passes text bodies)', status: 400, says: /^body\.type must be/, request: () => ['messages', { body: Buffer.concat([Buffer.from('{"type":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","payload":{}}')]) }] },
  { name: 'a word that is not JSON', status: 400, says: /^body must be a JSON object/, request: () => ['messages', { body: 'hello' }] },
  { name: 'a JSON array', status: 400, says: /^body must be a JSON object/, request: () => ['messages', { body: [] }] },
  { name: 'a missing type', status: 400, says: /^body\.type is required/, request: (account) => ['messages', { body: { payload: { account, amount: 1 } } }] },
  { name: 'a batch item without a type', status: 400, says: /^messages\[1\]\.type is required/, request: (account) => ['messages/batch', { body: { messages: [credit(account, 1), { payload: { account, amount: 1 } }] } }] },
];

describe.skipIf(unavailable() !== '')('bad input', () => {
  const db = dynamodb();
  afterAll(() => db.destroy());
  const accounts = new Map<string, string>();

  it.each(cases)('answers $name with $status and a JSON error body', async ({ name, status, says, request }) => {
    const account = newAccount();
    accounts.set(name, account);

    const response = await api(...request(account));

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.json).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    if (says) expect(response.json.error.message).toMatch(says);
  });

  it('changed nothing: no ledger row for any account a bad request named', async () => {
    const marker = newAccount();
    await api('messages', { body: credit(marker, 1) });
    await ledgerWith(db, marker, 1);

    const rows = await Promise.all([...accounts.values()].map((account) => ledger(db, account)));

    expect(accounts.size).toBe(cases.length);
    expect(rows.filter((row) => row !== undefined)).toEqual([]);
  });
});
