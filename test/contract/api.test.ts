import { describe, expect, it } from 'vitest';
import { REQUEST_BODY_SCHEMA, ROUTES, typeOfRoutePath, typeRoutePath } from '../../contract/index.js';
import { loadConveyorConfig } from '../../infra/config/index.js';
import { REPO_ROOT } from '../../infra/constructs/functions.js';
import { synthConveyor } from '../infra/factories.js';

// The shipped config, with its types' models: every kind of route is there.
const { template } = synthConveyor(await loadConveyorConfig(REPO_ROOT));

describe('the API contract', () => {
  const resources = (type: string) => Object.values(template.findResources(type)) as Array<{ Properties: Record<string, any> }>;

  it('is the API the construct builds: exactly its routes, a type route per modelled type', () => {
    const pathOf = new Map<string, string>();
    const byId = template.findResources('AWS::ApiGateway::Resource');
    const path = (ref: unknown): string => {
      const id = (ref as { Ref?: string }).Ref;
      if (id === undefined || byId[id] === undefined) return '';
      if (!pathOf.has(id)) pathOf.set(id, `${path(byId[id].Properties.ParentId)}/${byId[id].Properties.PathPart}`);
      return pathOf.get(id)!;
    };
    const routes = resources('AWS::ApiGateway::Method').map((method) => `${method.Properties.HttpMethod} ${path(method.Properties.ResourceId)}`);
    // Each type's own route stands for the contract's POST /types/{type}/messages.
    const asContract = routes.map((route) => (typeOfRoutePath(route.split(' ')[1]) === undefined ? route : ROUTES.sendTypedMessage));

    expect([...new Set(asContract)].sort()).toEqual(Object.values(ROUTES).sort());
    expect(routes).toContain(`POST ${typeRoutePath('orders.place')}`);
  });

  it('generates the /messages routes\' model from the contract\'s schema', () => {
    expect(resources('AWS::ApiGateway::Model').map((model) => model.Properties.Schema)).toContainEqual(REQUEST_BODY_SCHEMA);
  });
});
