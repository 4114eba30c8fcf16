/**
 * What the gateway knows of a request from its first byte on, kept on the fastify request:
 * the hub's own request id (never the client's), the client's id beside it, the caller —
 * verified as soon as the headers arrive, so even a request refused for its body or its
 * purpose is recorded with the principal whenever the token was valid — and the stated purpose.
 */
import type { FastifyRequest } from 'fastify';

import { parsePurpose, type Principal, type Purpose } from '../schema/access.js';
import { escapeStored } from '../schema/audit-row.js';
import { BadUserInputError, UnauthenticatedError } from '../schema/errors.js';

import { authenticate, type TokenSettings } from './auth/authenticate.js';
import type { GatewayContext } from './context.js';

export interface RequestState {
  readonly requestId: string;
  readonly clientRequestId: string | null;
  readonly startedAt: Date;
  /** `performance.now()` at the first byte. */
  readonly started: number;
  readonly clientAddress: string;
  readonly principal?: Principal;
  readonly authError?: UnauthenticatedError;
  readonly purpose?: Purpose;
  /** The x-purpose header as sent, when it could not be parsed. */
  readonly rawPurpose?: string;
  readonly purposeError?: BadUserInputError;
  context?: GatewayContext;
  /** The mutation's write-ahead record is committed. */
  wroteAhead?: boolean;
  /** The outcome the final audit record holds (AUDIT_UNAVAILABLE when it could not be written). */
  outcome?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    hub?: RequestState;
  }
}

const MAX_CLIENT_REQUEST_ID = 128;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** How many times the client sent a header (Node joins repeated `x-` headers with commas). */
function headerCount(request: FastifyRequest, name: string): number {
  return request.raw.rawHeaders.filter((key, i) => i % 2 === 0 && key.toLowerCase() === name)
    .length;
}

function purposeOf(
  raw: string | undefined,
  sent: number,
): Pick<RequestState, 'purpose' | 'rawPurpose' | 'purposeError'> {
  if (raw === undefined) {
    return {};
  }
  if (sent > 1) {
    const error = 'Send one x-purpose header: a request has one purpose';
    return { rawPurpose: raw, purposeError: new BadUserInputError(error, 'x-purpose', 400) };
  }
  const parsed = parsePurpose(raw);
  if ('error' in parsed) {
    return { rawPurpose: raw, purposeError: new BadUserInputError(parsed.error, 'x-purpose', 400) };
  }
  return { purpose: parsed };
}

export async function openRequestState(
  request: FastifyRequest,
  token: TokenSettings,
): Promise<RequestState> {
  const clientRequestId = header(request, 'x-request-id');
  const base = {
    requestId: request.id,
    clientRequestId:
      clientRequestId === undefined
        ? null
        : escapeStored(clientRequestId.slice(0, MAX_CLIENT_REQUEST_ID)),
    startedAt: new Date(),
    started: performance.now(),
    clientAddress: request.ip,
    ...purposeOf(header(request, 'x-purpose'), headerCount(request, 'x-purpose')),
  };
  try {
    return { ...base, principal: await authenticate(header(request, 'authorization'), token) };
  } catch (error) {
    return {
      ...base,
      authError:
        error instanceof UnauthenticatedError
          ? error
          : new UnauthenticatedError('Invalid token: token is malformed'),
    };
  }
}
