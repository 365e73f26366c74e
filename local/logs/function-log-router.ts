import { prettyLogLine } from './pretty-log-line.js';

/** How function log lines are printed: as written (`[Consumer] {"level":…}`) or in the readable one-line form. */
export type LogFormat = 'json' | 'pretty';

/** Where a function's output line goes: the metrics (EMF), the console, or nowhere. */
export interface FunctionLogRouterOptions {
  /** Prints a line. */
  readonly print: (line: string) => void;
  /** Handles an EMF line; returns true when the line was EMF. */
  readonly metrics: (line: string, functionName: string) => boolean;
  /** Only WARN and above (and unstructured stderr) are printed. @default false */
  readonly quiet?: boolean;
  /** EMF lines are printed too. @default false */
  readonly verbose?: boolean;
  /** `pretty`: {@link prettyLogLine}; `json`: the line as written after `[<function>] `. @default 'json' */
  readonly format?: LogFormat;
}

const LOUD_LEVELS = new Set(['WARN', 'ERROR', 'CRITICAL', 'FATAL']);

/**
 * Routes the lines a function writes: EMF documents feed the local metrics (as CloudWatch would
 * extract them), everything else is printed with the function's short name as prefix, as in
 * `[Consumer] {"level":"INFO",…}`, or in the readable form with `format: 'pretty'`.
 */
export function createFunctionLogRouter(options: FunctionLogRouterOptions): (functionName: string, line: string, stream: 'stdout' | 'stderr') => void {
  return (functionName, line, stream) => {
    if (line.trim() === '') return;
    const isMetrics = options.metrics(line, functionName);
    if (isMetrics && !options.verbose) return;
    if (options.quiet && !isLoud(line, stream)) return;
    options.print(options.format === 'pretty' ? prettyLogLine(functionName, line) : `[${functionName}] ${line}`);
  };
}

function isLoud(line: string, stream: 'stdout' | 'stderr'): boolean {
  const level = /"level"\s*:\s*"([A-Z]+)"/.exec(line)?.[1];
  return level === undefined ? stream === 'stderr' : LOUD_LEVELS.has(level);
}
