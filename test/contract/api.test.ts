import { describe, expect, it } from 'vitest';
import { REQUEST_BODY_SCHEMA, ROUTES } from '../../contract/index.js';
import { synthConveyor } from '../infra/factories.js';

describe('the API contract', () => {
  const { template } = synthConveyor();
  const resources = (type: string) => Object.values(template.findResources(type)) as Array<{ Properties: Record<string, any> }>;

  it('is the API the construct builds: exactly its routes', () => {
    const pathOf = new Map<string, string>();
    const byId = template.findResources('AWS::ApiGateway::Resource');
    const path = (ref: unknown): string => {
      const id = (ref as { Ref?: string }).Ref;
      if (id === undefined || byId[id] === undefined) return '';
      if (!pathOf.has(id)) pathOf.set(id, `${path(byId[id].Properties.ParentId)}/${byId[id].Properties.PathPart}`);
      return pathOf.get(id)!;
    };
    const routes = resources('AWS::ApiGateway::Method').map((method) => `${method.Properties.HttpMethod} ${path(method.Properties.ResourceId)}`);

    expect(routes.sort()).toEqual(Object.values(ROUTES).sort());
  });

  it('generates the request model from the contract\'s schema', () => {
    expect(resources('AWS::ApiGateway::Model').map((model) => model.Properties.Schema)).toEqual([REQUEST_BODY_SCHEMA]);
  });
});
