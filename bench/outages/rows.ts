import { RETRY_MAX_DELAY_SECONDS } from '../../contract/index.js';
import type { OutageOutcome, OutageResult } from './outage.js';
import { PAST_BUDGET } from './run-outages.js';

/** The outages section of `latest.json`. */
export interface OutagesSection {
  readonly withinBudget: readonly OutageResult[];
  readonly pastBudget: OutageResult;
  /** The within-budget outages on a FIFO queue (absent in results written before they were measured). */
  readonly fifo?: readonly OutageResult[];
}

/** A row of the bench table (see `bench/report.ts`). */
interface Row {
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  readonly met: boolean | null;
}

/** Seconds after an outage ends within which every message must be applied, by outage length. */
const SETTLE_TARGETS: Readonly<Record<number, number>> = { 5: 15, 60: RETRY_MAX_DELAY_SECONDS.default + 15 };

const outcomeText = (outcome: OutageOutcome) => {
  const dead = Object.entries(outcome.deadLettered).map(([code, count]) => `${count} ${code}`).join(', ') || '0';
  return `${outcome.appliedOnce} once, ${outcome.appliedTwice} twice, ${outcome.lost} lost, dead-lettered ${dead}`;
};

/** The outage figures with the retries issue's targets. */
export function outageRows(section: OutagesSection): Row[] {
  const rows: Row[] = [];
  for (const { scenario, outcome, seconds, consumerRequests } of section.withinBudget) {
    const limit = SETTLE_TARGETS[scenario.outageSeconds];
    const clean = outcome.appliedOnce === scenario.messages && outcome.appliedTwice === 0 && outcome.lost === 0 && Object.keys(outcome.deadLettered).length === 0;
    const copies = (consumerRequests['sqs:SendMessageBatch'] ?? 0) / scenario.messages;
    rows.push({
      figure: `${scenario.name} of the consumer's DynamoDB, ${scenario.messages} messages: outcome; all applied s after it ended; retry-copy requests per message`,
      measured: `${outcomeText(outcome)}; ${seconds.settledAfterEnd.toFixed(1)} s; ${copies.toFixed(2)}`,
      target: limit === undefined ? 'all applied once' : `all applied once, ≤ ${limit} s`,
      met: clean && (limit === undefined || seconds.settledAfterEnd <= limit),
    });
  }
  for (const { scenario, outcome, seconds } of section.fifo ?? []) {
    rows.push({
      figure: `${scenario.name}, ${scenario.messages} messages in ${scenario.groups ?? 0} groups: outcome; settled s after it ended`,
      measured: `${outcomeText(outcome)}; ${seconds.settledAfterEnd.toFixed(1)} s`,
      target: '',
      met: null,
    });
  }
  const { scenario, outcome, afterRedrive } = section.pastBudget;
  const allDead = outcome.deadLettered.RETRY_BUDGET_EXHAUSTED === scenario.messages && outcome.withAttempts.withHistory === scenario.messages && outcome.appliedOnce === 0;
  const redrivenOnce = afterRedrive !== undefined && afterRedrive.appliedOnce === scenario.messages && afterRedrive.appliedTwice === 0 && afterRedrive.lost === 0;
  rows.push({
    figure: `${scenario.outageSeconds}-s outage, ${PAST_BUDGET.budgetSeconds}-s budget, ${scenario.messages} messages: outcome (attempts min–max); after redrive`,
    measured: `${outcomeText(outcome)} (${outcome.withAttempts.min}–${outcome.withAttempts.max}); ${afterRedrive ? outcomeText(afterRedrive) : 'not redriven'}`,
    target: 'all dead-lettered with reason and attempts, none applied; redriven, each once',
    met: allDead && redrivenOnce,
  });
  return rows;
}
