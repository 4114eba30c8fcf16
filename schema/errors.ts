/**
 * The hub's errors: stable `extensions.code`s (part of the public contract) and the mask that
 * keeps everything else (stack traces, SQL, host names) away from callers. Gateway and
 * subgraphs (through the kit) use this one module.
 */
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';

import { UNSTORABLE_TEXT_SQLSTATES, unstorableTextMessage } from './stored-text.js';

export const ERROR_CODES = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAUTHORIZED_FIELD_OR_TYPE: 'UNAUTHORIZED_FIELD_OR_TYPE',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  OPERATION_LIMIT_EXCEEDED: 'OPERATION_LIMIT_EXCEEDED',
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  BAD_REQUEST: 'BAD_REQUEST',
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** A caller used up a rate-limited allowance (e.g. an auditor's searches by value). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A line of an intel file that is not JSON (`hub ingest`). */
  INVALID_JSON: 'INVALID_JSON',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Codes whose messages were written for callers and may pass through unchanged. */
const PUBLIC_CODES = new Set<string>([
  ERROR_CODES.BAD_USER_INPUT,
  ERROR_CODES.UNAUTHENTICATED,
  ERROR_CODES.UNAUTHORIZED_FIELD_OR_TYPE,
  ERROR_CODES.NOT_FOUND,
  ERROR_CODES.CONFLICT,
  ERROR_CODES.FORBIDDEN,
  ERROR_CODES.AUDIT_UNAVAILABLE,
  ERROR_CODES.OPERATION_LIMIT_EXCEEDED,
  ERROR_CODES.PURPOSE_REQUIRED,
  ERROR_CODES.PAYLOAD_TOO_LARGE,
  ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
  ERROR_CODES.METHOD_NOT_ALLOWED,
  ERROR_CODES.BAD_REQUEST,
  ERROR_CODES.OPERATION_NOT_SUPPORTED,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ERROR_CODES.OPERATION_RESOLUTION_FAILURE,
  ERROR_CODES.RATE_LIMITED,
]);

export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string, httpStatus?: number) {
    super(message, {
      extensions: {
        code: ERROR_CODES.BAD_USER_INPUT,
        ...(field ? { field } : {}),
        ...(httpStatus ? { http: { status: httpStatus } } : {}),
      },
    });
  }
}

/**
 * `<field>: <what> not found`. Never with the id: an id the caller may not see must answer
 * exactly like one that never existed, and a database id must never reach a client.
 */
export class NotFoundError extends GraphQLError {
  constructor(what: string) {
    super(`${what} not found`, { extensions: { code: ERROR_CODES.NOT_FOUND } });
  }
}

/** Known to the caller and refused to it, e.g. a restricted case; `field` names the input. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, {
      extensions: { code: ERROR_CODES.FORBIDDEN, ...(field ? { field } : {}) },
    });
  }
}

export class ConflictError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ERROR_CODES.CONFLICT } });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(message: string) {
    super(message, {
      extensions: { code: ERROR_CODES.UNAUTHENTICATED, http: { status: 401 } },
    });
  }
}

export class UnauthorizedFieldError extends GraphQLError {
  constructor(coordinate: string, path?: readonly (string | number)[]) {
    super(`Unauthorized field or type: ${coordinate}`, {
      path,
      extensions: { code: ERROR_CODES.UNAUTHORIZED_FIELD_OR_TYPE },
    });
  }
}

/** The SQLSTATE of a database error, wherever the driver or the ORM put it. */
function sqlState(error: unknown): string | undefined {
  for (let cause = error, hops = 0; cause && typeof cause === 'object' && hops < 4; hops += 1) {
    const { code, driverError, originalError } = cause as {
      code?: unknown;
      driverError?: unknown;
      originalError?: unknown;
    };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
    cause = driverError ?? originalError;
  }
  return undefined;
}

/**
 * Apollo Server `formatError`: known codes pass; anything else becomes a bare
 * INTERNAL_SERVER_ERROR. `onUnexpected` sees the original (for the log), callers never do.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected: (error: unknown) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (UNSTORABLE_TEXT_SQLSTATES.has(sqlState(error) ?? '')) {
    return {
      message: unstorableTextMessage('An input value'),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ERROR_CODES.BAD_USER_INPUT },
    };
  }
  onUnexpected(error);
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ERROR_CODES.INTERNAL_SERVER_ERROR },
  };
}
