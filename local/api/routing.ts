import type { ApiRouteSpec } from '../template/specs.js';
import { InvalidApiSpecError } from '../errors.js';

/** The HTTP methods API Gateway lets a REST API method declare (`ANY` matches all of them). */
export const API_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);

type Segment =
  | { readonly kind: 'static'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

interface Resource {
  readonly resourcePath: string;
  readonly segments: readonly Segment[];
  readonly methods: ReadonlyMap<string, ApiRouteSpec>;
}

/** The outcome of routing one request. */
export type RouteMatch =
  /** A method of a resource matched; `pathParameters` holds `{param}` and `{proxy+}` values (`null` when none). */
  | { readonly kind: 'matched'; readonly route: ApiRouteSpec; readonly pathParameters: Readonly<Record<string, string>> | null }
  /** A resource matched the path but declares no method for the verb (API Gateway answers as for an unknown path). */
  | { readonly kind: 'no-method'; readonly resourcePath: string }
  /** No resource matched the path. */
  | { readonly kind: 'no-resource' };

/** Matches request paths (below the stage) and methods to an API's routes. */
export interface Router {
  /**
   * Routes `method` and `segments`, the decoded path segments below the stage (`['messages', 'batch']`;
   * `[]` for the root resource).
   */
  match(method: string, segments: readonly string[]): RouteMatch;
}

/**
 * Builds the router for an API's routes. Among the resources that match a path the most specific
 * wins, segment by segment: a literal before `{param}` before `{proxy+}`. Within the resource an exact
 * method wins over `ANY`. Throws {@link InvalidApiSpecError} for a malformed resource path, an unknown
 * method, or two routes for the same resource and method.
 */
export function createRouter(routes: readonly ApiRouteSpec[]): Router {
  const resources = new Map<string, { segments: Segment[]; methods: Map<string, ApiRouteSpec> }>();
  for (const route of routes) {
    const method = route.httpMethod;
    if (!API_METHODS.has(method)) {
      throw new InvalidApiSpecError(`Route ${route.methodLogicalId}: unsupported httpMethod "${method}"`);
    }
    let resource = resources.get(route.resourcePath);
    if (!resource) {
      resource = { segments: parseResourcePath(route.resourcePath, route.methodLogicalId), methods: new Map() };
      resources.set(route.resourcePath, resource);
    }
    if (resource.methods.has(method)) {
      throw new InvalidApiSpecError(`Route ${route.methodLogicalId}: ${method} ${route.resourcePath} is defined twice`);
    }
    resource.methods.set(method, route);
  }
  const compiled: Resource[] = [...resources].map(([resourcePath, { segments, methods }]) => ({ resourcePath, segments, methods }));

  return {
    match(method, segments) {
      let best: { resource: Resource; params: Record<string, string>; rank: number[] } | undefined;
      for (const resource of compiled) {
        const params = matchSegments(resource.segments, segments);
        if (!params) continue;
        const rank = resource.segments.map((segment) => (segment.kind === 'static' ? 2 : segment.kind === 'param' ? 1 : 0));
        if (!best || compareRanks(rank, best.rank) > 0) best = { resource, params, rank };
      }
      if (!best) return { kind: 'no-resource' };
      const route = best.resource.methods.get(method) ?? best.resource.methods.get('ANY');
      if (!route) return { kind: 'no-method', resourcePath: best.resource.resourcePath };
      return { kind: 'matched', route, pathParameters: Object.keys(best.params).length > 0 ? best.params : null };
    },
  };
}

function parseResourcePath(resourcePath: string, logicalId: string): Segment[] {
  if (!resourcePath.startsWith('/')) {
    throw new InvalidApiSpecError(`Route ${logicalId}: resourcePath "${resourcePath}" must start with "/"`);
  }
  if (resourcePath === '/') return [];
  const parts = resourcePath.slice(1).split('/');
  return parts.map((part, index) => {
    if (part === '') throw new InvalidApiSpecError(`Route ${logicalId}: resourcePath "${resourcePath}" has an empty segment`);
    const greedy = /^\{([A-Za-z0-9._-]+)\+\}$/.exec(part);
    if (greedy) {
      if (index !== parts.length - 1) {
        throw new InvalidApiSpecError(`Route ${logicalId}: the greedy segment in "${resourcePath}" must be the last one`);
      }
      return { kind: 'greedy', name: greedy[1] as string };
    }
    const param = /^\{([A-Za-z0-9._-]+)\}$/.exec(part);
    if (param) return { kind: 'param', name: param[1] as string };
    if (/[{}]/.test(part)) throw new InvalidApiSpecError(`Route ${logicalId}: malformed segment "${part}" in "${resourcePath}"`);
    return { kind: 'static', value: part };
  });
}

function matchSegments(pattern: readonly Segment[], segments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const segment = pattern[index] as Segment;
    if (segment.kind === 'greedy') {
      const rest = segments.slice(index);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      params[segment.name] = rest.join('/');
      return params;
    }
    const value = segments[index];
    if (value === undefined || value === '') return undefined;
    if (segment.kind === 'static' && segment.value !== value) return undefined;
    if (segment.kind === 'param') params[segment.name] = value;
  }
  return segments.length === pattern.length ? params : undefined;
}

/** Lexicographic comparison; on a common prefix the longer (more literal) pattern is more specific. */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index] as number) - (b[index] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}
