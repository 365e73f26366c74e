import { join } from 'node:path';
import { startRuntimeProcess } from '../../local/runtime-process.js';
import { resolveTarget } from '../../ops/targets.js';
import { type OutageResult, type OutageScenario, runOutage } from './outage.js';

/** The three outages of the retries issue, each at `messages` messages. */
export function outageScenarios(messages: number): { readonly withinBudget: OutageScenario[]; readonly pastBudget: OutageScenario } {
  return {
    withinBudget: [
      { name: 'a 5-second outage', messages, outageSeconds: 5 },
      { name: 'a 60-second outage', messages, outageSeconds: 60 },
    ],
    pastBudget: { name: 'an outage longer than the budget', messages, outageSeconds: PAST_BUDGET.outageSeconds, redrive: true },
  };
}

/**
 * The same two outages on a FIFO queue (20 message groups), which retries in place: there
 * `maxReceiveCount` (5 by default) bounds the attempts, whatever the budget. Informative only.
 */
export function fifoOutageScenarios(messages: number): OutageScenario[] {
  return outageScenarios(messages).withinBudget.map((scenario) => ({ ...scenario, name: `${scenario.name} (FIFO)`, groups: 20 }));
}

/** The retry schedule of the "longer than the budget" run: a budget a CI run can outlast. */
export const PAST_BUDGET = { budgetSeconds: 20, maxDelaySeconds: 5, outageSeconds: 45 } as const;

/**
 * Starts a local runtime (its own process, state folder and cloud assembly, `-c` pairs `context`),
 * runs `scenarios` one after the other against it, and stops it.
 */
export async function runOutages(projectDir: string, name: string, context: readonly string[], scenarios: readonly OutageScenario[], log: (line: string) => void): Promise<OutageResult[]> {
  const stateDir = join(projectDir, '.conveyor', `outages-${name}`);
  log(`starting a runtime for ${name} (${context.join(' ') || 'default settings'}) …`);
  const runtime = await startRuntimeProcess(projectDir, stateDir, ['--output', join(stateDir, 'cdk.out'), ...context.flatMap((pair) => ['-c', pair])]);
  try {
    const target = await resolveTarget({ target: 'local', projectDir, stateDir });
    const apiKey = await target.apiKey();
    const results: OutageResult[] = [];
    for (const scenario of scenarios) results.push(await runOutage({ target, apiKey }, scenario, log));
    return results;
  } finally {
    const code = await runtime.stop();
    if (code !== 0) log(`warning: the runtime exited with ${String(code)}:\n${runtime.output().slice(-3000)}`);
  }
}

/** The `-c` pairs of the "longer than the budget" run. */
export const pastBudgetContext = (): string[] => [`retryBudgetSeconds=${PAST_BUDGET.budgetSeconds}`, `retryMaxDelaySeconds=${PAST_BUDGET.maxDelaySeconds}`];
