import Ajv from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import { typeRoutePath } from '../../../contract/index.js';
import { loadConveyorConfig } from '../../../infra/config/index.js';
import { REPO_ROOT } from '../../../infra/constructs/functions.js';
import { synthConveyor, type SynthesizedConveyor } from '../factories.js';

/** The template's REST resources by path, and its models by name. */
function api(s: SynthesizedConveyor) {
  const resources = s.template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const { ParentId, PathPart } = resources[id]!.Properties as { ParentId: { Ref?: string }; PathPart: string };
    return `${ParentId.Ref !== undefined && resources[ParentId.Ref] ? pathOf(ParentId.Ref) : ''}/${PathPart}`;
  };
  const paths = Object.keys(resources).map(pathOf);
  const models = Object.values(s.template.findResources('AWS::ApiGateway::Model')).map((model) => model.Properties.Schema as Record<string, unknown>);
  return { paths, models };
}

describe('per-type routes, POST /types/<type>/messages', () => {
  let shipped: SynthesizedConveyor;
  beforeAll(async () => {
    shipped = synthConveyor(await loadConveyorConfig(REPO_ROOT));
  });

  it('gives each type with a model its route, with the type\'s body model', () => {
    const { paths, models } = api(shipped);

    expect(paths).toEqual(expect.arrayContaining([typeRoutePath('ledger.credit'), typeRoutePath('orders.place')]));
    expect(models.map((model) => model.title)).toEqual(expect.arrayContaining(['ledger.credit message', 'orders.place message']));
  });

  it('has the gateway validate a message against the type\'s model: its group on a FIFO type, its fields, nothing else', () => {
    const model = api(shipped).models.find((found) => found.title === 'orders.place message')!;
    const validate = new Ajv({ strict: true, logger: false }).compile(model);
    const payload = { customerId: 'c-1', lines: [{ sku: 'A-1', quantity: 1 }], totalCents: 5 };

    expect(validate({ groupId: 'c-1', payload })).toBe(true);
    expect(validate({ payload })).toBe(false);
    expect(validate({ groupId: 'c-1', payload, delaySeconds: 5 })).toBe(false);
    expect(validate({ groupId: 'c-1', payload: { ...payload, lines: [] } })).toBe(false);
    expect(validate({ groupId: 'c-1', payload, type: 'orders.place' })).toBe(false);
  });

  it('gives no type route without models (a construct built without loadConveyorConfig), nor to a type whose name cannot be a path part', () => {
    expect(api(synthConveyor()).paths.filter((path) => path.startsWith('/types'))).toEqual([]);
    const colon = synthConveyor({
      types: { 'ledger:credit': { queues: ['ledger'], module: './handlers/ledger-credit.ts', tables: ['ledger'] } },
      tables: { ledger: { partitionKey: 'account' } },
      typeModels: { 'ledger:credit': { type: 'object' } },
    });
    expect(api(colon).paths.filter((path) => path.startsWith('/types/'))).toEqual([]);
  });
});
