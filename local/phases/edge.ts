import { join } from 'node:path';
import { createAdminRoutes } from '../admin/admin-routes.js';
import { createQueueStats, fauxqsOldestMessage, type QueueFigures } from '../admin/queue-stats.js';
import { stackQueues } from '../admin/stack-queues.js';
import { createRestApiGateway } from '../api/rest-api-gateway.js';
import { listenOn } from '../listen.js';
import { localOutputs } from '../runtime-outputs.js';
import { writeOutputsFile } from '../state/outputs-file.js';
import type { RestApiSpec } from '../template/specs.js';
import type { ComputePhase } from './compute.js';
import type { InfrastructurePhase } from './infrastructure.js';
import type { SpecPhase } from './spec.js';
import { acquire, deferQuietly, type PhaseParts } from './teardown.js';

/**
 * The last phase: the REST API stage and the runtime's own endpoints (`/_conveyor/…`: health,
 * faults, metrics, the dashboard) on one port, and what the banner shows (also written to
 * `local.json`). Disposing it closes the server at once; {@link EdgePhase.close} is the graceful way.
 */
export interface EdgePhase extends AsyncDisposable {
  /** Where the API and the runtime's own endpoints listen: `http://127.0.0.1:3000`. */
  readonly runtimeUrl: string;
  /** Base URL of the REST API stage (ends with `/`), as the `ApiUrl` output. */
  readonly apiUrl: string;
  /** Value of the served API's first enabled key; '' when it has none. */
  readonly apiKey: string;
  /** The stack's outputs with the local additions (what `local.json` holds under the stack name). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly outputsFile: string;
  /** Every queue's depth now, read through the dashboard's own client. */
  queueFigures(): Promise<QueueFigures[]>;
  /** Ends the event streams and stops accepting connections; requests in flight get `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/** Serves only the runtime's own endpoints when the stack has no REST API. */
const NO_API: RestApiSpec = { logicalId: 'None', id: 'none', stageName: 'none', routes: [], gatewayResponses: [], apiKeys: [], usagePlans: [] };

/** Serves the stack's first REST API and the admin endpoints, then writes `local.json` and records the URL in the lock. */
export async function startEdge(spec: SpecPhase, infra: InfrastructurePhase, compute: ComputePhase): Promise<EdgePhase> {
  const { options } = spec;
  const { stack, emulators } = infra;
  return acquire(async (teardown): Promise<PhaseParts<EdgePhase>> => {
    const [api, ...otherApis] = stack.apis;
    if (otherApis.length > 0) options.log(`note: the stack has ${stack.apis.length} REST APIs; only ${api?.logicalId ?? ''} is served`);
    // The dashboard's own SQS calls are named as such in the request counters and fault rules.
    const dashboardSqs = infra.sqsClientFor('Dashboard');
    deferQuietly(teardown, () => dashboardSqs.destroy());
    const { queues, deadLetters } = stackQueues(stack, infra.queueUrls);
    const queueFigures = createQueueStats({ sqs: dashboardSqs, queues });
    const admin = createAdminRoutes({
      dashboard: {
        sqs: dashboardSqs,
        queues,
        deadLetters,
        functions: compute.functionStats,
        logs: (listener) => {
          const onLog = (functionName: string, line: string) => listener(functionName, line);
          compute.events.on('log', onLog);
          return () => compute.events.off('log', onLog);
        },
        logGroups: Object.fromEntries(stack.functions.map((fn) => [fn.name, fn.logGroupName])),
        // Only the embedded fauxqs can show a queue's messages without receiving them.
        ...(emulators ? { oldestMessage: fauxqsOldestMessage(emulators.sqsUrl) } : {}),
      },
      faults: infra.faults,
      metrics: compute.metrics,
      requests: infra.requests,
      health: () => ({
        status: 'ok',
        stack: stack.stackName,
        functions: compute.functionStats(),
        eventSources: stack.eventSources.map((source) => ({ logicalId: source.logicalId, queue: source.queue.queueName, enabled: source.enabled })),
        emulated: emulators !== undefined,
      }),
  });
  deferQuietly(teardown, () => admin.close());
  const gateway = createRestApiGateway({
    api: api ?? NO_API,
    invokerFor: compute.invokerFor,
    region: stack.region,
    accountId: stack.accountId,
    admin,
    onRequest: (entry) => compute.events.emit('request', entry),
  });
  const listening = await listenOn(options.port, '--port', () => gateway.listen(options.port));
  deferQuietly(teardown, () => gateway.close());

  const runtimeUrl = `http://127.0.0.1:${listening.port}`;
  const apiKey = api?.apiKeys.find((key) => key.enabled)?.value ?? '';
  const outputs = localOutputs(stack, { runtimeUrl, apiId: api?.id, apiKey, awsEndpoint: infra.awsEndpoint });
  const outputsFile = join(options.stateDir, 'local.json');
  writeOutputsFile(outputsFile, { [stack.stackName]: outputs });
  spec.lock.update(`${runtimeUrl}/`);

  return {
    runtimeUrl,
    apiUrl: outputs.ApiUrl ?? `${runtimeUrl}/`,
    apiKey,
    outputs,
    outputsFile,
    queueFigures,
    async close(graceMs) {
      // Open event streams would otherwise hold the gateway for the whole grace period.
      admin.close();
      await gateway.close(graceMs);
    },
  };
  });
}
