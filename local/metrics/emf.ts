/**
 * Parses CloudWatch Embedded Metric Format (EMF) lines, as Powertools Metrics prints them:
 * `{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[…]],"Metrics":[{"Name":…,"Unit":…}]}]},…}`.
 */

/** One metric of one dimension set of an EMF line, with its values. */
export interface EmfRecord {
  readonly namespace: string;
  readonly name: string;
  /** CloudWatch unit, e.g. `Count`, `Milliseconds`. @default 'None' */
  readonly unit: string;
  /** Dimension name → value; empty for a metric without dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** One or more values (EMF allows a number or an array of numbers). */
  readonly values: readonly number[];
  /** `_aws.Timestamp`, epoch ms, when the line carries a valid one. */
  readonly timestamp?: number;
}

/** CloudWatch rejects values beyond ±2^360; so does the parser. */
export const EMF_MAX_MAGNITUDE = 2 ** 360;
/** CloudWatch's limit of dimensions per dimension set. */
export const EMF_MAX_DIMENSIONS = 30;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * Reads the metrics of one stdout line. Returns undefined when the line is not EMF (it must start
 * with `{`, contain `"_aws"`, parse as JSON and carry `_aws.CloudWatchMetrics`), and the valid
 * records otherwise (possibly none). Invalid parts are skipped: values that are not finite numbers
 * within ±2^360, metrics without a name, dimension sets naming a missing or non-string member.
 * One record per (directive, metric, dimension set). Never throws.
 */
export function parseEmf(line: string): EmfRecord[] | undefined {
  const text = line.trimStart();
  if (text.charCodeAt(0) !== 123 /* { */ || !text.includes('"_aws"')) return undefined;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(root) || !isObject(root._aws) || !Array.isArray(root._aws.CloudWatchMetrics)) return undefined;
  const timestamp = validTimestamp(root._aws.Timestamp);
  const records: EmfRecord[] = [];
  for (const directive of root._aws.CloudWatchMetrics) {
    if (!isObject(directive) || !isNonEmptyString(directive.Namespace) || !Array.isArray(directive.Metrics)) continue;
    const dimensionSets = readDimensionSets(root, directive.Dimensions);
    for (const metric of directive.Metrics) {
      if (!isObject(metric) || !isNonEmptyString(metric.Name)) continue;
      const values = readValues(root[metric.Name]);
      if (values.length === 0) continue;
      const unit = isNonEmptyString(metric.Unit) ? metric.Unit : 'None';
      for (const dimensions of dimensionSets) {
        records.push({ namespace: directive.Namespace, name: metric.Name, unit, dimensions, values, ...(timestamp !== undefined ? { timestamp } : {}) });
      }
    }
  }
  return records;
}

function validTimestamp(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A number or an array of numbers; invalid entries dropped. */
function readValues(value: unknown): number[] {
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= EMF_MAX_MAGNITUDE);
}

/** Each dimension set resolved against the root's members; a missing `Dimensions` means one set without dimensions. */
function readDimensionSets(root: Json, dimensions: unknown): Record<string, string>[] {
  if (dimensions === undefined) return [{}];
  if (!Array.isArray(dimensions)) return [];
  if (dimensions.length === 0) return [{}];
  const sets: Record<string, string>[] = [];
  for (const set of dimensions) {
    if (!Array.isArray(set) || set.length > EMF_MAX_DIMENSIONS) continue;
    const resolved: Record<string, string> = {};
    let valid = true;
    for (const key of set) {
      const value = isNonEmptyString(key) ? root[key] : undefined;
      if (typeof value !== 'string') {
        valid = false;
        break;
      }
      resolved[key as string] = value;
    }
    if (valid) sets.push(resolved);
  }
  return sets;
}
