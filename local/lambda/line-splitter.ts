import type { Readable } from 'node:stream';

/**
 * Splits a text stream into whole lines (without `\n`, a trailing `\r` dropped) and hands each to
 * `onLine`. A partial line waits for the rest; what is left when the stream ends is flushed as a line.
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  /** Feeds a chunk of text. */
  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.emit(line);
  }

  /** Emits the buffered partial line, if any. */
  flush(): void {
    if (this.partial === '') return;
    const line = this.partial;
    this.partial = '';
    this.emit(line);
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}

/** Reads `stream` as UTF-8 and gives its lines to `onLine`, flushing the last partial line at its end. */
export function splitLines(stream: Readable, onLine: (line: string) => void): void {
  const splitter = new LineSplitter(onLine);
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => splitter.push(chunk));
  stream.on('end', () => splitter.flush());
  stream.on('close', () => splitter.flush());
}
