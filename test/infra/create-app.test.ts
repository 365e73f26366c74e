import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_RUNTIME, newestNodeRuntime } from '../../infra/constructs/functions.js';
import { PROP_SPECS } from '../../infra/constructs/prop-specs.js';
import { createApp } from '../../infra/create-app.js';
import { testApp } from './app-factories.js';
import { constructError } from './construct-error.js';
import { type Acknowledgement, acknowledgements, covers, type NagFinding, rawAwsSolutionsFindings, reportedViolations } from './nag.js';

describe('createApp', () => {
  describe('cdk-nag AwsSolutions', () => {
    let outdir: string;
    let findings: NagFinding[];
    let acks: Acknowledgement[];
    let synthError: unknown;

    beforeAll(() => {
      const built = testApp();
      outdir = built.outdir;
      try {
        built.app.synth();
      } catch (error) {
        synthError = error;
      }
      findings = rawAwsSolutionsFindings(built.app);
      acks = acknowledgements(built.app);
    });

    it('synthesizes without a validation failure', () => {
      // In-memory synthesis throws «ValidationFailed» when any plugin reports a finding.
      expect(synthError).toBeUndefined();
    });

    it('reports no unacknowledged AwsSolutions finding in validation-report.json', () => {
      expect(reportedViolations(outdir).filter((v) => v.pluginName === 'AwsSolutions')).toEqual([]);
    });

    it('acknowledges every raw finding on its construct or an ancestor', () => {
      const uncovered = findings.filter((f) => !acks.some((a) => covers(a, f)));

      expect(uncovered).toEqual([]);
    });

    it('has no stale acknowledgement (each matches a real finding)', () => {
      const stale = acks.filter((a) => a.id.startsWith('AwsSolutions-') && !findings.some((f) => covers(a, f)));

      expect(stale).toEqual([]);
    });

    it('gives every acknowledgement a real reason', () => {
      for (const ack of acks) expect(ack.reason.length, ack.id).toBeGreaterThan(60);
    });

    it('acknowledges exactly the known findings', () => {
      expect(acks.map((a) => `${a.path} ${a.id}`).sort()).toEqual([
        'Conveyor/Conveyor/Api/CloudWatchRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        'Conveyor/Conveyor/Api/Default/messages/POST AwsSolutions-APIG4',
        'Conveyor/Conveyor/Api/Default/messages/POST AwsSolutions-COG4',
        'Conveyor/Conveyor/Api/Default/messages/batch/POST AwsSolutions-APIG4',
        'Conveyor/Conveyor/Api/Default/messages/batch/POST AwsSolutions-COG4',
        'Conveyor/Conveyor/Api/Default/messages/{id}/GET AwsSolutions-APIG4',
        'Conveyor/Conveyor/Api/Default/messages/{id}/GET AwsSolutions-COG4',
        'Conveyor/Conveyor/Api/DeploymentStage.prod AwsSolutions-APIG3',
        // Only while the CDK knows a newer Node runtime than the one the local runtime runs (see functions.ts).
        ...(FUNCTION_RUNTIME.name === newestNodeRuntime() ? [] : ['Conveyor/Conveyor/Consumer AwsSolutions-L1', 'Conveyor/Conveyor/Producer AwsSolutions-L1', 'Conveyor/Conveyor/Status AwsSolutions-L1']),
      ]);
    });

    it('fails synthesis on an unacknowledged finding', () => {
      const { app, stack } = testApp();
      new sqs.Queue(stack, 'Unchecked'); // no DLQ, no TLS policy

      expect(() => app.synth()).toThrow(/AwsSolutions-SQS3[\s\S]*Conveyor\/Unchecked/);
    });

    it('reports no finding for the FIFO variant either', () => {
      const { app, outdir: fifoOutdir } = testApp({ fifo: 'true' });

      expect(() => app.synth()).not.toThrow();
      expect(reportedViolations(fifoOutdir)).toEqual([]);
    });
  });

  describe('stack', () => {
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    afterEach(() => {
      for (const [key, value] of [['CDK_DEFAULT_ACCOUNT', saved.account], ['CDK_DEFAULT_REGION', saved.region]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it('names the stack Conveyor by default', () => {
      expect(testApp().stack.stackName).toBe('Conveyor');
    });

    it('names the stack from context stackName', () => {
      const { stack } = testApp({ stackName: 'Conveyor-Staging' });

      expect(stack.stackName).toBe('Conveyor-Staging');
      expect(stack.node.id).toBe('Conveyor-Staging');
    });

    it('takes account and region from CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION', () => {
      process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
      process.env.CDK_DEFAULT_REGION = 'eu-west-1';

      const { stack } = testApp();

      expect([stack.account, stack.region]).toEqual(['123456789012', 'eu-west-1']);
    });

    it('passes context settings to the construct', () => {
      expect(testApp({ maxReceiveCount: '9' }).stack.conveyor.settings.maxReceiveCount).toBe(9);
    });

    it('rejects an unknown context key', () => {
      expect(() => createApp({ context: { maxRecieveCount: '3' } })).toThrow(constructError('UNKNOWN_CONTEXT_KEY', 'maxRecieveCount'));
    });

    it('surfaces construct validation errors for out-of-range context values', () => {
      expect(() => testApp({ maxReceiveCount: '1' })).toThrow(constructError('INVALID_PROP', 'maxReceiveCount'));
    });
  });

  // The CDK CLI merges cdk.json context and `-c` (the latter wins) before the app sees either;
  // test/infra/app.test.ts runs that under the CLI.
  describe('settings precedence: defaults < conveyor.config.ts < context', () => {
    const { default: batchSize } = PROP_SPECS.batchSize;
    const fromFile = batchSize - 1;
    const fromContext = batchSize - 2;

    it('keeps the default when neither the file nor context sets a setting', () => {
      expect(testApp({}, {}).stack.conveyor.settings.batchSize).toBe(batchSize);
    });

    it('takes the file over the default', () => {
      expect(testApp({}, { batchSize: fromFile }).stack.conveyor.settings.batchSize).toBe(fromFile);
    });

    it.each([
      ['a -c string', String(fromContext)],
      ['a typed cdk.json value', fromContext],
    ])('takes context over the file, from %s', (_form, value) => {
      expect(testApp({ batchSize: value }, { batchSize: fromFile }).stack.conveyor.settings.batchSize).toBe(fromContext);
    });

    it('overrides setting by setting', () => {
      const { maxReceiveCount } = PROP_SPECS;

      const { settings } = testApp({ batchSize: String(fromContext) }, { batchSize: fromFile, maxReceiveCount: maxReceiveCount.default + 1 }).stack.conveyor;

      expect([settings.batchSize, settings.maxReceiveCount]).toEqual([fromContext, maxReceiveCount.default + 1]);
    });
  });
});
