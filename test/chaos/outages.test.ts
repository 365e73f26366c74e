import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outageScenarios, pastBudgetContext, runOutages } from '../../bench/outages/run-outages.js';

/**
 * Scripted outages of the consumer's DynamoDB (the retries issue's (a)–(c)), at CI size
 * (`CONVEYOR_OUTAGE_MESSAGES`, default 200). Asserts outcomes only — applied once, nothing lost,
 * the dead-letter queue's contents — never a timing: `npm run bench` reports those.
 */
const messages = Number(process.env.CONVEYOR_OUTAGE_MESSAGES ?? 200);
const projectDir = resolve(import.meta.dirname, '..', '..');
const scenarios = outageScenarios(messages);

describe('outages of the consumer\'s DynamoDB', () => {
  it(`within the retry budget (5 s, then 60 s): all ${messages} messages applied once each, none dead-lettered`, async () => {
    const results = await runOutages(projectDir, 'within-budget', [], scenarios.withinBudget, (line) => console.log(line));

    for (const { scenario, outcome } of results) {
      expect(outcome, scenario.name).toMatchObject({ appliedOnce: messages, appliedTwice: 0, lost: 0, deadLettered: {} });
    }
    // The outage made the consumer retry: its DynamoDB calls failed and it sent delayed copies.
    for (const { scenario, consumerRequests } of results) expect(consumerRequests['sqs:SendMessageBatch'] ?? 0, scenario.name).toBeGreaterThan(0);
  }, 10 * 60_000);

  it(`longer than the budget: all ${messages} dead-lettered with their reason and attempts, none applied; redriven, each applied once`, async () => {
    const [result] = await runOutages(projectDir, 'past-budget', pastBudgetContext(), [scenarios.pastBudget], (line) => console.log(line));

    expect(result?.outcome).toMatchObject({ appliedOnce: 0, appliedTwice: 0, lost: 0, deadLettered: { RETRY_BUDGET_EXHAUSTED: messages } });
    expect(result?.outcome.withAttempts.count).toBe(messages);
    expect(result?.outcome.withAttempts.min).toBeGreaterThanOrEqual(2);
    expect(result?.outcome.withAttempts.withHistory).toBe(messages);
    expect(result?.afterRedrive).toMatchObject({ appliedOnce: messages, appliedTwice: 0, lost: 0 });
  }, 10 * 60_000);
});
