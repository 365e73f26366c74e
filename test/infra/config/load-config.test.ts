import { describe, expect, it } from 'vitest';
import { loadConveyorConfig } from '../../../infra/config/index.js';
import { REPO_ROOT } from '../../../infra/constructs/functions.js';
import { constructError } from '../construct-error.js';
import { configProject, configSource } from './config-project.js';

describe('loadConveyorConfig', () => {
  it('gives no props without a conveyor.config.ts: every setting at its default', async () => {
    await expect(loadConveyorConfig(configProject())).resolves.toEqual({});
  });

  it('gives the settings of the file', async () => {
    const dir = configProject(configSource({ stack: { apiBurstLimit: 40 }, queues: { ledger: { batchSize: 5 } } }));

    const { typeModels, ...props } = await loadConveyorConfig(dir);

    expect(props).toEqual({ apiBurstLimit: 40, batchSize: 5, queueName: 'ledger', projectDir: dir });
    expect(Object.keys(typeModels ?? {})).toEqual(['ledger.credit']);
  });

  it('loads the shipped file: the ledger queue, the FIFO orders queue and a type on each, modules resolved from the project', async () => {
    const props = await loadConveyorConfig(REPO_ROOT);

    expect(props).toMatchObject({ queueName: 'ledger', queues: { orders: { fifo: true } }, projectDir: REPO_ROOT });
    expect(Object.keys(props.types ?? {})).toEqual(['ledger.credit', 'orders.place']);
  });

  it('validates what the file exports', async () => {
    const dir = configProject(configSource({ queues: { ledger: { batchSize: 0 } } }));

    await expect(loadConveyorConfig(dir)).rejects.toThrow(constructError('INVALID_CONFIG', 'queues.ledger.batchSize'));
  });

  it('reports a file that does not load, with the import’s error as cause', async () => {
    const dir = configProject('export default { queues: { ledger: {} } ');

    const error: unknown = await loadConveyorConfig(dir).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'INVALID_CONFIG', setting: '', message: expect.stringMatching(/^conveyor\.config\.ts: cannot be loaded/) });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('reports a file without a default export', async () => {
    const dir = configProject('export const config = { queues: { ledger: {} } };\n');

    await expect(loadConveyorConfig(dir)).rejects.toThrow(/^conveyor\.config\.ts: exports no config; export it as the default/);
  });
});
