import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildConveyor, synthConveyor } from '../factories.js';

describe('createIngestApi usage plan quota (apiDailyQuota)', () => {
  it('sets no quota by default', () => {
    const { template } = synthConveyor();

    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { RateLimit: 100, BurstLimit: 200 }, Quota: Match.absent() });
  });

  it('sets a daily quota on the usage plan when given', () => {
    const { template } = synthConveyor({ apiDailyQuota: 50_000 });

    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Quota: { Limit: 50_000, Period: 'DAY' }, Throttle: { RateLimit: 100, BurstLimit: 200 } });
  });

  it.each([0, 1.5, 2_147_483_648])('refuses apiDailyQuota %s, naming the prop and its range', (apiDailyQuota) => {
    expect(() => buildConveyor({ apiDailyQuota })).toThrow(/apiDailyQuota must be an integer between 1 and 2147483647/);
  });

  it('accepts the edges of the range', () => {
    expect(() => buildConveyor({ apiDailyQuota: 1 })).not.toThrow();
    expect(() => buildConveyor({ apiDailyQuota: 2_147_483_647 })).not.toThrow();
  });
});
