/**
 * Imported first by bin/hub.ts: starts OpenTelemetry (when OTEL_* asks for it) before `http`
 * and `pg` load, for the commands that serve requests. The service name is the role the command
 * picks (`hub-gateway`, `hub-narcotics`, …) unless OTEL_SERVICE_NAME says otherwise. Other
 * commands load nothing here (they start faster).
 */
import type * as ConfigModule from '../platform/config.js';
import type * as TracingModule from '../platform/tracing.js';

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
    /* eslint-disable @typescript-eslint/no-require-imports -- synchronous: before http and pg load */
    const { hubConfig } = require('../platform/config.js') as typeof ConfigModule;
    const { startTracing } = require('../platform/tracing.js') as typeof TracingModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    startTracing(hubConfig(), service);
  } catch {
    // A bad configuration is reported by the command itself, with its one clear line.
  }
}
