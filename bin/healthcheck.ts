/**
 * The image's HEALTHCHECK: exit 0 when this container's hub process is ready, 1 otherwise. Asks
 * the process's internal metrics port (HUB_METRICS_PORT, set in the image) for /readyz, which
 * covers every server the process runs — so one check fits whichever role the command picked.
 * Without a metrics port it asks the gateway's port (PORT).
 */
import { hubConfig } from '../platform/config.js';

const TIMEOUT_MS = 3_000;

function target(): string {
  const config = hubConfig();
  const { metricsPort, metricsHost } = config.observability;
  const wildcard = (host: string) => host === '0.0.0.0' || host === '::';
  if (metricsPort !== undefined) {
    const host = wildcard(metricsHost) ? '127.0.0.1' : metricsHost;
    return `http://${host}:${metricsPort}/readyz`;
  }
  const host = wildcard(config.host) ? '127.0.0.1' : config.host;
  return `http://${host}:${config.gateway.port}/readyz`;
}

fetch(target(), { signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
