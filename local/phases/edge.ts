import { join } from 'node:path';
import { createAdminRoutes } from '../admin/admin-routes.js';
import { createQueueStats, fauxqsOldestMessage, type QueueFigures } from '../admin/queue-stats.js';
import { stackQueues } from '../admin/stack-queues.js';
import { createRestApiGateway } from '../api/rest-api-gateway.js';
import { listenOn } from '../listen.js';
import { localOutputs } from '../runtime-outputs.js';
import { writeOutputsFile } from '../state/outputs-file.js';
import type { ReloadReport } from '../reload/reload-report.js';
import type { StackDiff } from '../reload/stack-diff.js';
import type { RestApiSpec, StackSpec } from '../template/specs.js';
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
  /** Base URL of the REST API stage (ends with `/`), as the `ApiUrl` output (of the last reload). */
  readonly apiUrl: string;
  /** Value of the served API's first enabled key; '' when it has none. */
  readonly apiKey: string;
  /** The stack's outputs with the local additions (what `local.json` holds under the stack name), as of the last reload. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly outputsFile: string;
  /** Every queue's depth now, read through the dashboard's own client. */
  queueFigures(): Promise<QueueFigures[]>;
  /** Ends the event streams and stops accepting connections; requests in flight get `graceMs`. */
  close(graceMs: number): Promise<void>;
  /**
   * Serves `next` (a reloaded model of the stack, its queues' URLs in `queueUrls`): the new API when
   * `diff.api` says it changed, the dashboard's queues, DLQs and log groups, and the outputs (written
   * to `local.json` again). The URLs and the API key stay.
   */
  apply(next: StackSpec, queueUrls: ReadonlyMap<string, string>, diff: StackDiff): void;
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
    let current = stack;
    let shown = stackQueues(stack, infra.queueUrls);
    const logGroupsOf = (of: StackSpec) => Object.fromEntries(of.functions.map((fn) => [fn.name, fn.logGroupName]));
    let logGroups = logGroupsOf(stack);
    let lastReload: ReloadReport | undefined;
    const onReload = (report: ReloadReport) => { lastReload = report; };
    compute.events.on('reload', onReload);
    deferQuietly(teardown, () => compute.events.off('reload', onReload));
    const queueFigures = createQueueStats({ sqs: dashboardSqs, queues: () => shown.queues });
    const admin = createAdminRoutes({
      dashboard: {
        sqs: dashboardSqs,
        queues: () => shown.queues,
        deadLetters: () => shown.deadLetters,
        functions: compute.functionStats,
        logs: (listener) => {
          const onLog = (functionName: string, line: string) => listener(functionName, line);
          compute.events.on('log', onLog);
          return () => compute.events.off('log', onLog);
        },
        logGroups: () => logGroups,
        reloads: {
          last: () => lastReload,
          subscribe: (listener) => {
            compute.events.on('reload', listener);
            return () => compute.events.off('reload', listener);
          },
        },
        // Only the embedded fauxqs can show a queue's messages without receiving them.
        ...(emulators ? { oldestMessage: fauxqsOldestMessage(emulators.sqsUrl) } : {}),
      },
      faults: infra.faults,
      metrics: compute.metrics,
      requests: infra.requests,
      health: () => ({
        status: 'ok',
        stack: current.stackName,
        functions: compute.functionStats(),
        eventSources: current.eventSources.map((source) => ({ logicalId: source.logicalId, queue: source.queue.queueName, enabled: source.enabled })),
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
  const outputsOf = (of: StackSpec) => localOutputs(of, { runtimeUrl, apiId: of.apis[0]?.id, apiKey, awsEndpoint: infra.awsEndpoint });
  let outputs = outputsOf(stack);
  const outputsFile = join(options.stateDir, 'local.json');
  writeOutputsFile(outputsFile, { [stack.stackName]: outputs });
  spec.lock.update(`${runtimeUrl}/`);

  return {
    runtimeUrl,
    get apiUrl() {
      return outputs.ApiUrl ?? `${runtimeUrl}/`;
    },
    apiKey,
    get outputs() {
      return outputs;
    },
    outputsFile,
    queueFigures,
    apply(next, queueUrls, diff) {
      // What can throw (a malformed Queues output, an API that cannot be served) comes first, so that it changes nothing.
      const nextShown = stackQueues(next, queueUrls);
      if (diff.api) gateway.setApi(next.apis[0] ?? NO_API);
      current = next;
      shown = nextShown;
      logGroups = logGroupsOf(next);
      outputs = outputsOf(next);
      writeOutputsFile(outputsFile, { [next.stackName]: outputs });
    },
    async close(graceMs) {
      // Open event streams would otherwise hold the gateway for the whole grace period.
      admin.close();
      await gateway.close(graceMs);
    },
  };
  });
}
