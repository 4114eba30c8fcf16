/**
 * Imported first by bin/hub.ts: starts OpenTelemetry (when OTEL_* asks for it) before `http`
 * and `pg` load, for the commands that serve requests. The service name is the role the command
 * picks (`hub-gateway`, `hub-narcotics`, …) unless OTEL_SERVICE_NAME says otherwise.
 */
import { hubConfig } from '../platform/config.js';
import { startTracing } from '../platform/tracing.js';

function serviceName(args: readonly string[]): string | undefined {
  const [command, name] = args;
  if (command === 'gateway') {
    return 'hub-gateway';
  }
  if (command === 'subgraph' && name) {
    return `hub-${name}`;
  }
  return command === 'start' ? 'hub' : undefined;
}

const service = serviceName(process.argv.slice(2));
if (service) {
  try {
    startTracing(hubConfig(), service);
  } catch {
    // A bad configuration is reported by the command itself, with its one clear line.
  }
}
