import { describe, expect, it } from 'vitest';
import { createFunctionLogRouter } from '../../../local/logs/function-log-router.js';

function router(options: { quiet?: boolean; verbose?: boolean; format?: 'json' | 'pretty' } = {}) {
  const printed: string[] = [];
  const metrics: string[] = [];
  const route = createFunctionLogRouter({
    print: (line) => printed.push(line),
    metrics: (line, fn) => {
      if (!line.includes('"_aws"')) return false;
      metrics.push(`${fn}:${line}`);
      return true;
    },
    ...options,
  });
  return { route, printed, metrics };
}

const info = '{"level":"INFO","message":"batch processed"}';
const warn = '{"level":"WARN","message":"retrying"}';
const emf = '{"_aws":{"CloudWatchMetrics":[]},"X":1}';

describe('createFunctionLogRouter', () => {
  it('prints log lines with the function name as prefix and feeds EMF lines to the metrics only', () => {
    const { route, printed, metrics } = router();

    route('Consumer', info, 'stdout');
    route('Consumer', emf, 'stdout');
    route('Consumer', '   ', 'stdout');

    expect(printed).toEqual([`[Consumer] ${info}`]);
    expect(metrics).toEqual([`Consumer:${emf}`]);
  });

  it('prints only warnings, errors and unstructured stderr when quiet', () => {
    const { route, printed } = router({ quiet: true });

    route('Producer', info, 'stdout');
    route('Producer', warn, 'stdout');
    route('Producer', 'Error: boom', 'stderr');
    route('Producer', 'plain stdout', 'stdout');

    expect(printed).toEqual([`[Producer] ${warn}`, '[Producer] Error: boom']);
  });

  it('prints the EMF lines too when verbose', () => {
    const { route, printed, metrics } = router({ verbose: true });

    route('Consumer', emf, 'stdout');

    expect(printed).toEqual([`[Consumer] ${emf}`]);
    expect(metrics).toHaveLength(1);
  });

  it('prints the readable one-line form with format pretty, warnings too when quiet', () => {
    const { route, printed } = router({ format: 'pretty', quiet: true });

    route('Consumer', info, 'stdout');
    route('Consumer', warn, 'stdout');

    expect(printed).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} Consumer WARN  retrying$/)]);
  });
});
