import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines } from '../../../local/lambda/line-splitter.js';

describe('LineSplitter', () => {
  it('emits whole lines only, joining chunks and dropping \\r', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));

    splitter.push('one\r\ntw');
    splitter.push('o\n\nthr');

    expect(lines).toEqual(['one', 'two', '']);
  });

  it('flushes the partial line once', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('tail');

    splitter.flush();
    splitter.flush();

    expect(lines).toEqual(['tail']);
  });

  it('splitLines decodes UTF-8 split across chunks and flushes at the end of the stream', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    splitLines(stream, (line) => lines.push(line));
    const euro = Buffer.from('€\nlast');

    stream.write(euro.subarray(0, 1));
    stream.end(euro.subarray(1));
    await new Promise((resolve) => stream.once('end', resolve));

    expect(lines).toEqual(['€', 'last']);
  });
});
