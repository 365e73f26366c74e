import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** One cdk-nag finding on one construct. */
export interface NagFinding {
  /** Rule id, with the finding suffix for multi-finding rules (`AwsSolutions-IAM4[Policy::…]`). */
  readonly ruleName: string;
  /** Path of the violating CfnResource. */
  readonly constructPath: string;
  /** `error` or `warning`. */
  readonly severity: string;
}

/** One `Validations.of(x).acknowledge()` call found in the tree. */
export interface Acknowledgement {
  /** Rule id as acknowledged. */
  readonly id: string;
  /** Path of the construct it was recorded on. */
  readonly path: string;
  /** The stated reason. */
  readonly reason: string;
}

/**
 * Every AwsSolutions finding in `app`, acknowledged or not. cdk-nag 3 consults
 * acknowledgements inside `applyRule` through its private `isAcknowledged`;
 * this instance overrides it so the raw findings become visible.
 */
export function rawAwsSolutionsFindings(app: App): NagFinding[] {
  const pack = new AwsSolutionsChecks();
  const internals = pack as unknown as { isAcknowledged: unknown };
  if (typeof internals.isAcknowledged !== 'function') {
    throw new Error('cdk-nag internals changed: NagPack.isAcknowledged not found; update test/infra/nag.ts');
  }
  internals.isAcknowledged = () => false;
  return pack.validateScope(app).violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ ruleName: v.ruleName, constructPath: r.constructPath ?? '', severity: v.severity ?? '' })),
  );
}

/** Every acknowledgement recorded in `app`'s construct tree. */
export function acknowledgements(app: App): Acknowledgement[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          path: c.node.path,
          reason,
        })),
      ),
  );
}

/** True when `ack` is recorded on `finding`'s construct or one of its ancestors. */
export function covers(ack: Acknowledgement, finding: NagFinding): boolean {
  return ack.id === finding.ruleName && (finding.constructPath === ack.path || finding.constructPath.startsWith(`${ack.path}/`));
}

/** A violation as written to `validation-report.json` by aws-cdk-lib's policy validation. */
export interface ReportedViolation {
  /** Plugin that reported it (`AwsSolutions` for cdk-nag). */
  readonly pluginName: string;
  /** Rule id. */
  readonly ruleName: string;
  /** `error` or `warning`. */
  readonly severity: string;
}

/** The violations in the cloud assembly's `validation-report.json` (none if the file is absent). */
export function reportedViolations(outdir: string): ReportedViolation[] {
  let text: string;
  try {
    text = readFileSync(join(outdir, 'validation-report.json'), 'utf8');
  } catch {
    return [];
  }
  const report = JSON.parse(text) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
  };
  return report.pluginReports.flatMap((p) => p.violations.map((v) => ({ pluginName: p.pluginName, ruleName: v.ruleName, severity: v.severity })));
}
