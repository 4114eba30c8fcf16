/**
 * The process's internal operations port (HUB_METRICS_PORT): /metrics for the whole process
 * (one registry), and /healthz and /readyz over every server the process runs — so an
 * orchestrator's probes and Prometheus reach a port the public network never sees. Started with
 * the first server that registers, closed with the last.
 */
import type { HubConfig } from '../platform/config.js';
import {
  createHttpServer,
  healthRoutes,
  listen,
  type Listening,
  type Readiness,
} from '../platform/http.js';
import type { Logger } from '../platform/logger.js';
import { metricsText } from '../platform/metrics.js';

const checks = new Map<string, () => Promise<Readiness>>();
let listening: Promise<Listening> | undefined;

async function readiness(): Promise<Readiness> {
  const results = await Promise.all(
    [...checks].map(async ([name, ready]) => [name, await ready()] as const),
  );
  return {
    ready: results.every(([, result]) => result.ready),
    detail: Object.fromEntries(
      results.map(([name, result]) => [name, { ready: result.ready, ...result.detail }]),
    ),
  };
}

async function startOps(port: number, host: string, logger: Logger): Promise<Listening> {
  const app = await createHttpServer({ logger, bodyLimit: 1024 });
  healthRoutes(app, { name: 'ops', ready: readiness, metrics: metricsText });
  const server = await listen(app, port, host);
  logger.info({ port: server.port }, 'metrics and health listening');
  return server;
}

/**
 * Adds a server's readiness to the operations port (when one is configured); the returned
 * function takes it away again.
 */
export async function registerOps(
  config: HubConfig,
  logger: Logger,
  name: string,
  ready: () => Promise<Readiness>,
): Promise<() => Promise<void>> {
  const port = config.observability.metricsPort;
  if (port === undefined) {
    return async () => undefined;
  }
  checks.set(name, ready);
  listening ??= startOps(port, config.observability.metricsHost, logger);
  await listening;
  return async () => {
    checks.delete(name);
    if (checks.size === 0 && listening) {
      const closing = listening;
      listening = undefined;
      await (await closing).close();
    }
  };
}
