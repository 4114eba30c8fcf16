/** The gateway's plain routes: the offline console, health, readiness, metrics. */
import type { FastifyInstance } from 'fastify';

import { healthRoutes, type Readiness } from '../platform/http.js';
import { metricsText } from '../platform/metrics.js';

import type { AuditRecorder } from './audit/recorder.js';
import { LANDING_CSS, LANDING_JS, LANDING_PAGE } from './landing-page.js';

/** Ready when the audit store and every subgraph answer. */
export async function readiness(
  urls: Readonly<Record<string, string>>,
  audit: AuditRecorder,
): Promise<Readiness> {
  const checks = await Promise.all([
    audit.ping().then((ok) => ['audit store', ok ? 'ready' : 'unreachable'] as const),
    ...Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), {
          signal: AbortSignal.timeout(2_000),
        });
        return [name, response.ok ? 'ready' : `not ready (${response.status})`] as const;
      } catch {
        return [name, 'unreachable'] as const;
      }
    }),
  ]);
  return {
    ready: checks.every(([, state]) => state === 'ready'),
    detail: { subgraphs: Object.fromEntries(checks) },
  };
}

export function gatewayRoutes(
  app: FastifyInstance,
  options: {
    subgraphUrls: Readonly<Record<string, string>>;
    audit: AuditRecorder;
    /** Serve /metrics here (false when a separate internal port serves it). */
    serveMetrics: boolean;
  },
): void {
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(LANDING_PAGE),
  );
  app.get('/assets/landing.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(LANDING_CSS),
  );
  app.get('/assets/landing.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(LANDING_JS),
  );
  healthRoutes(app, {
    name: 'gateway',
    metrics: options.serveMetrics ? metricsText : undefined,
    ready: () => readiness(options.subgraphUrls, options.audit),
  });
}
