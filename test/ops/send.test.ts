import { describe, expect, it } from 'vitest';
import { batchBody, type MessageInput } from '../../ops/api-client.js';
import { chunkMessages, parseMessageLines } from '../../ops/send.js';

const credit = (i: number, extra: Record<string, unknown> = {}): MessageInput => ({ type: 'ledger.credit', payload: { account: `a${i}`, amount: 1 }, ...extra });

describe('parseMessageLines', () => {
  it('reads one message per line and skips blank lines', () => {
    const text = `${JSON.stringify(credit(1, { idempotencyKey: 'k1' }))}\n\n${JSON.stringify(credit(2))}\r\n`;

    expect(parseMessageLines(text, 'm.jsonl')).toEqual([credit(1, { idempotencyKey: 'k1' }), credit(2)]);
  });

  it('names the line that is not a JSON object', () => {
    expect(() => parseMessageLines(`${JSON.stringify(credit(1))}\n{oops`, 'm.jsonl')).toThrow(/^m\.jsonl:2 is not JSON/);
    expect(() => parseMessageLines('[1]', 'm.jsonl')).toThrow(/m\.jsonl:1 is not a JSON object/);
    expect(() => parseMessageLines('\n\n', 'm.jsonl')).toThrow(expect.objectContaining({ name: 'OpsError', code: 'INPUT' }));
  });
});

describe('parseMessageLines for a queue', () => {
  it('fills --group-id and --delay-seconds into the lines that lack them', () => {
    const text = [JSON.stringify(credit(1, { groupId: 'own' })), JSON.stringify(credit(2))].join('\n');

    expect(parseMessageLines(text, 'm.jsonl', { defaults: { groupId: 'g' } })).toEqual([credit(1, { groupId: 'own' }), credit(2, { groupId: 'g' })]);
    expect(parseMessageLines(text, 'm.jsonl', { defaults: { delaySeconds: 3 }, queue: 'standard' })[1]).toEqual(credit(2, { delaySeconds: 3 }));
  });

  it('on a FIFO queue, names the first line without a group, counting blank lines', () => {
    const text = `${JSON.stringify(credit(1, { groupId: 'g' }))}\n\n${JSON.stringify(credit(2))}`;

    expect(() => parseMessageLines(text, 'm.jsonl', { queue: 'fifo' })).toThrow(/^m\.jsonl:3 has no groupId, which a FIFO queue requires/);
    expect(() => parseMessageLines(text, 'm.jsonl', { queue: 'fifo' })).toThrow(expect.objectContaining({ name: 'OpsError', code: 'INPUT' }));
    expect(parseMessageLines(text, 'm.jsonl', { queue: 'fifo', defaults: { groupId: 'd' } })).toHaveLength(2);
  });

  it('on a FIFO queue, refuses a line with delaySeconds', () => {
    expect(() => parseMessageLines(JSON.stringify(credit(1, { groupId: 'g', delaySeconds: 2 })), 'm.jsonl', { queue: 'fifo' }))
      .toThrow(/^m\.jsonl:1 has delaySeconds, which a FIFO queue does not support/);
  });

  it('leaves groups to the API on a standard queue', () => {
    expect(parseMessageLines(JSON.stringify(credit(1)), 'm.jsonl', { queue: 'standard' })).toEqual([credit(1)]);
  });
});

describe('chunkMessages', () => {
  it('cuts at 100 messages per request by default', () => {
    const chunks = chunkMessages(Array.from({ length: 250 }, (_, i) => credit(i)));

    expect(chunks.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
  });

  it('keeps every request body within the byte limit, in order', () => {
    const messages = Array.from({ length: 30 }, (_, i) => credit(i, { note: 'x'.repeat(i * 7) }));
    const maxBodyBytes = 600;

    const chunks = chunkMessages(messages, { maxBodyBytes });

    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks) expect(Buffer.byteLength(batchBody(chunk))).toBeLessThanOrEqual(maxBodyBytes);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('gives a message larger than the limit a request of its own', () => {
    const huge = credit(1, { note: 'x'.repeat(1000) });

    expect(chunkMessages([credit(0), huge, credit(2)], { maxBodyBytes: 500 }).map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });
});
