/** The gateway's plain routes: the offline console, health, readiness, metrics. */
import type { FastifyInstance } from 'fastify';

import { JSON_TYPE } from '../platform/http.js';
import { metricsText } from '../platform/metrics.js';

import type { AuditRecorder } from './audit/recorder.js';
import { LANDING_CSS, LANDING_JS, LANDING_PAGE } from './landing-page.js';

async function readiness(
  urls: Readonly<Record<string, string>>,
  audit: AuditRecorder | null,
): Promise<{ ready: boolean; body: string }> {
  const checks = await Promise.all([
    ...(audit
      ? [audit.ping().then((ok) => ['audit store', ok ? 'ready' : 'unreachable'] as const)]
      : []),
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
  const ready = checks.every(([, state]) => state === 'ready');
  return {
    ready,
    body: JSON.stringify({
      status: ready ? 'ready' : 'not ready',
      subgraphs: Object.fromEntries(checks),
    }),
  };
}

export function gatewayRoutes(
  app: FastifyInstance,
  options: { subgraphUrls: Readonly<Record<string, string>>; audit: AuditRecorder | null },
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
  app.get('/healthz', async (_request, reply) => reply.type(JSON_TYPE).send('{"status":"ok"}'));
  app.get('/readyz', async (_request, reply) => {
    const { ready, body } = await readiness(options.subgraphUrls, options.audit);
    return reply
      .code(ready ? 200 : 503)
      .type(JSON_TYPE)
      .send(body);
  });
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metricsText();
    return reply.type(contentType).send(body);
  });
}
