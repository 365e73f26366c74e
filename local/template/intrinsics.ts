import { UnsupportedTemplateError } from '../errors.js';

/** Answers what `Ref` and `Fn::GetAtt` mean locally; {@link resolveIntrinsics} does the rest. */
export interface ResolutionContext {
  /** `Ref` to a resource or pseudo parameter (`AWS::Region` …). */
  ref(logicalId: string): string;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): string;
}

/** Marks an `AWS::NoValue` reference; removed from the objects and arrays that hold it. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves the intrinsic functions of a template value to plain JSON: `Ref`, `Fn::GetAtt`,
 * `Fn::Join`, `Fn::Sub` (both forms), `Fn::Select`, `Fn::Split`, `Fn::Base64` and `AWS::NoValue`.
 * Conditions, imports and transforms are not supported and throw {@link UnsupportedTemplateError}.
 */
export function resolveIntrinsics(value: unknown, context: ResolutionContext): unknown {
  const resolved = resolve(value, context);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** {@link resolveIntrinsics} for values that must end up as a string (environment variables, outputs). */
export function resolveString(value: unknown, context: ResolutionContext, where: string): string {
  const resolved = resolveIntrinsics(value, context);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new UnsupportedTemplateError(`${where} does not resolve to a string`);
}

function resolve(value: unknown, context: ResolutionContext): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, context)).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first !== undefined && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    return intrinsic(first[0], first[1], context);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolve(item, context);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function intrinsic(name: string, args: unknown, context: ResolutionContext): unknown {
  switch (name) {
    case 'Ref':
      if (args === 'AWS::NoValue') return NO_VALUE;
      return context.ref(expectString(args, 'Ref'));
    case 'Fn::GetAtt': {
      const [id, attribute] = typeof args === 'string' ? splitOnce(args, '.') : (args as unknown[]);
      return context.getAtt(expectString(id, 'Fn::GetAtt'), expectString(resolve(attribute, context), 'Fn::GetAtt'));
    }
    case 'Fn::Join': {
      const [separator, list] = expectArray(args, 'Fn::Join', 2);
      return expectArray(resolve(list, context), 'Fn::Join').map((item) => expectString(item, 'Fn::Join')).join(expectString(separator, 'Fn::Join'));
    }
    case 'Fn::Sub':
      return substitute(args, context);
    case 'Fn::Select': {
      const [index, list] = expectArray(args, 'Fn::Select', 2);
      const items = expectArray(resolve(list, context), 'Fn::Select');
      const at = Number(resolve(index, context));
      if (!Number.isInteger(at) || at < 0 || at >= items.length) throw new UnsupportedTemplateError(`Fn::Select index ${String(index)} is out of range`);
      return items[at];
    }
    case 'Fn::Split': {
      const [separator, source] = expectArray(args, 'Fn::Split', 2);
      return expectString(resolve(source, context), 'Fn::Split').split(expectString(separator, 'Fn::Split'));
    }
    case 'Fn::Base64':
      return Buffer.from(expectString(resolve(args, context), 'Fn::Base64')).toString('base64');
    default:
      throw new UnsupportedTemplateError(`the local runtime does not support ${name}`);
  }
}

function substitute(args: unknown, context: ResolutionContext): string {
  const [template, variables] = typeof args === 'string' ? [args, {}] : expectArray(args, 'Fn::Sub', 2);
  const vars = resolve(variables, context) as Record<string, unknown>;
  return expectString(template, 'Fn::Sub').replace(/\$\{(!?)([^}]+)\}/g, (whole, literal: string, name: string) => {
    if (literal === '!') return whole.replace('${!', '${');
    if (name in vars) return expectString(vars[name], 'Fn::Sub');
    const [id, attribute] = name.includes('.') ? splitOnce(name, '.') : [name, undefined];
    return attribute === undefined ? context.ref(id) : context.getAtt(id, attribute);
  });
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  if (at < 0) throw new UnsupportedTemplateError(`'${text}' is not 'LogicalId${separator}Attribute'`);
  return [text.slice(0, at), text.slice(at + 1)];
}

function expectString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new UnsupportedTemplateError(`${where} expects a string, got ${JSON.stringify(value)?.slice(0, 200)}`);
}

function expectArray(value: unknown, where: string, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new UnsupportedTemplateError(`${where} expects ${length === undefined ? 'a list' : `a list of ${length}`}, got ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return value;
}
