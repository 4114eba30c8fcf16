/**
 * OpenTelemetry traces: gateway → subgraph → SQL, with W3C `traceparent` honoured on the way in
 * (HTTP server spans continue a caller's trace) and sent on to the subgraphs (the gateway's data
 * source injects it). Off unless the standard OTEL_* variables ask for an exporter
 * (platform/config.ts decides); the SDK then reads the rest of OTEL_* itself — endpoint,
 * protocol, headers, sampler, batch delays — which is the one place outside config.ts that reads
 * the environment, as the OpenTelemetry specification has it.
 *
 * Must start before `http` and `pg` are first required (bin/trace-preload.ts): the
 * instrumentations patch them as they load.
 */
import type { IncomingMessage } from 'node:http';

import type * as HttpInstrumentationModule from '@opentelemetry/instrumentation-http';
import type * as PgInstrumentationModule from '@opentelemetry/instrumentation-pg';
import type * as SdkNodeModule from '@opentelemetry/sdk-node';

import type { HubConfig } from './config.js';

let sdk: SdkNodeModule.NodeSDK | undefined;

const UNTRACED_PATHS = ['/healthz', '/readyz', '/metrics'];

/**
 * Starts the SDK when tracing is configured; returns whether it did. The SDK is loaded only
 * then (it costs about half a second of start-up) and synchronously, so the instrumentations are
 * in place before the rest of the process loads.
 */
export function startTracing(config: HubConfig, serviceName: string): boolean {
  const tracing = config.observability.tracing;
  if (!tracing.enabled || sdk) {
    return false;
  }
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily and synchronously (above) */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof SdkNodeModule;
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof HttpInstrumentationModule;
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof PgInstrumentationModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName: tracing.serviceName ?? serviceName,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.includes((request.url ?? '').split('?')[0] ?? ''),
        // Outgoing calls to subgraphs get their span from the gateway's data source.
        disableOutgoingRequestInstrumentation: true,
      }),
      // SQL only inside a traced request (no spans for pool pings); statements, never values.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return true;
}

/** Exports what is buffered and stops the SDK (on shutdown). */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}
