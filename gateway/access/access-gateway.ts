/**
 * The access layer around `@apollo/gateway`: the only way to get an executable supergraph
 * (it alone strips the `for: SECURITY` purpose, after indexing the rules), and the only
 * executor the server sees — every operation is measured against the limits and pruned of
 * what the caller may not see before the query planner runs.
 */
import { createHash } from 'node:crypto';

import {
  ApolloGateway,
  type ServiceEndpointDefinition,
  type GraphQLDataSource,
} from '@apollo/gateway';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import { getVariableValues, GraphQLError, print, type OperationDefinitionNode } from 'graphql';

import type { Logger } from '../../platform/logger.js';
import { accessDenials, limitRefusals } from '../../platform/metrics.js';
import { ERROR_CODES } from '../../schema/errors.js';
import { AUDIT_UNAVAILABLE_MESSAGE } from '../audit/trail.js';
import type { GatewayContext } from '../context.js';
import { checkCustomScalars } from '../scalars.js';

import { applyRemovals, templateDenials, unauthorizedErrors } from './apply.js';
import { documentTooLarge, OperationLimitExceeded, type OperationLimits } from './limits.js';
import { prepareSupergraph, type ListSizeIndex, type PolicyIndex } from './policy-index.js';
import { unstorableInput } from './unstorable-input.js';
import { surfaceValueCompletion } from './value-completion.js';
import { walkOperation, type WalkResult } from './walk.js';

export interface AccessSettings {
  /** Refuse the whole operation (HTTP 403) when any field is unauthorized. */
  readonly rejectUnauthorized: boolean;
  /** Evaluate and record, filter nothing. */
  readonly dryRun: boolean;
  readonly limits: OperationLimits;
}

export interface AccessGatewayOptions {
  readonly supergraphSdl: string;
  readonly buildService: (definition: ServiceEndpointDefinition) => GraphQLDataSource;
  readonly logger: Logger;
  readonly settings: AccessSettings;
}

function refuse(
  requestContext: GatewayGraphQLRequestContext,
  status: number,
  errors: readonly GraphQLError[],
): GatewayExecutionResult {
  const context = requestContext.context as GatewayContext;
  context.access.refused = true;
  context.access.status = status;
  return { errors: [...errors] };
}

function refusal(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** A refusal before planning: the status it answers with and why. */
interface Refusal {
  readonly status: number;
  readonly errors: readonly GraphQLError[];
}

/**
 * Every check before planning, in order — an operation that resolves, variables that coerce,
 * an operation type the hub serves, the limits, a stated purpose for protected data — then the
 * walk's pruning, for the caller to apply.
 */
function checkOperation(
  requestContext: GatewayGraphQLRequestContext,
  index: PolicyIndex,
  sizes: ListSizeIndex,
  limits: OperationLimits,
): Refusal | WalkResult {
  const context = requestContext.context as GatewayContext;
  const { schema, document, operation } = requestContext;
  if (!operation) {
    // Apollo Server hands a gateway the request even when no operation matched its name.
    const message = requestContext.request.operationName
      ? 'The document has no operation of that operationName'
      : 'The document has several operations: give operationName';
    return { status: 400, errors: [refusal(ERROR_CODES.OPERATION_RESOLUTION_FAILURE, message)] };
  }
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    requestContext.request.variables ?? {},
  );
  if (coerced.errors) {
    const errors = coerced.errors.map((e) => refusal(ERROR_CODES.BAD_USER_INPUT, e.message));
    return { status: 400, errors };
  }
  const unstorable = unstorableInput(document, coerced.coerced);
  if (unstorable) {
    return { status: 400, errors: [refusal(ERROR_CODES.BAD_USER_INPUT, unstorable)] };
  }
  const tooLarge = documentTooLarge(Buffer.byteLength(requestContext.source ?? ''), limits);
  if (tooLarge) {
    limitRefusals.inc({ limit: tooLarge.limit });
    const errors = [refusal(ERROR_CODES.OPERATION_LIMIT_EXCEEDED, tooLarge.message)];
    return { status: 400, errors };
  }
  const walked = walkWithin(limits, {
    schema,
    document,
    operation,
    variables: coerced.coerced,
    index,
    sizes,
    principal: context.principal,
    purpose: context.purpose,
  });
  if ('status' in walked) {
    return walked;
  }
  const unsupported = unsupportedOperation(operation, walked);
  if (unsupported) {
    return { status: 400, errors: [refusal(ERROR_CODES.OPERATION_NOT_SUPPORTED, unsupported)] };
  }
  context.access.requested = walked.requested;
  if (walked.requested.length > 0 && !context.purpose) {
    accessDenials.inc({ reason: 'purpose required' });
    return { status: 400, errors: [refusal(ERROR_CODES.PURPOSE_REQUIRED, PURPOSE_REQUIRED)] };
  }
  return walked;
}

/**
 * The walk, bounded by the limits. A limit exceeded part-way refuses the operation; a
 * directive argument that does not coerce (`@include(if: $v)` with `$v` given as null) is the
 * caller's input error, never a server error.
 */
function walkWithin(
  limits: OperationLimits,
  input: Omit<Parameters<typeof walkOperation>[0], 'limits'>,
): Refusal | WalkResult {
  try {
    return walkOperation({ ...input, limits });
  } catch (error) {
    if (error instanceof OperationLimitExceeded) {
      limitRefusals.inc({ limit: error.exceeded.limit });
      return {
        status: 400,
        errors: [refusal(ERROR_CODES.OPERATION_LIMIT_EXCEEDED, error.message)],
      };
    }
    if (error instanceof GraphQLError) {
      return { status: 400, errors: [refusal(ERROR_CODES.BAD_USER_INPUT, error.message)] };
    }
    throw error;
  }
}

/**
 * A mutation is one write. With several root fields, the first could commit and a later one
 * fail: every mutation field is non-null, so the failure nulls the whole answer and the caller
 * is told nothing was written of a write that committed (and retries it: a duplicate).
 */
const ONE_WRITE =
  'A mutation operation may hold one root field (one write): send each write as its own request';

/** Why the hub does not serve this operation (a type it has no root for, several writes). */
function unsupportedOperation(
  operation: OperationDefinitionNode,
  walked: WalkResult,
): string | undefined {
  if (!walked.root) {
    return `${operation.operation} operations are not supported by this hub`;
  }
  return operation.operation === 'mutation' && walked.measure.rootFields > 1
    ? ONE_WRITE
    : undefined;
}

const PURPOSE_REQUIRED =
  'This operation reads protected data: state why in the x-purpose header ' +
  '(<PURPOSE>[:<reference>], e.g. INVESTIGATION:GS-2026-0017)';

/**
 * Counts denials by reason. Reasons are the supergraph's rules in words ("requires scopes
 * pii:read"), a set the schema bounds: no path, id or caller in the label.
 */
function countDenials(denials: readonly { reason: string }[]): void {
  for (const denial of denials) {
    accessDenials.inc({ reason: denial.reason });
  }
}

/** Executes the pruned document, then puts nulls and errors where the removed fields were. */
async function runPruned(
  requestContext: GatewayGraphQLRequestContext,
  executor: GatewayExecutor,
  walked: WalkResult,
): Promise<GatewayExecutionResult> {
  const context = requestContext.context as GatewayContext;
  const source = print(walked.document);
  const result = surfaceValueCompletion(
    await executor({
      ...requestContext,
      document: walked.document,
      operation: walked.operation,
      source,
      // The plan cache is keyed by this hash: a pruned document must never share another's plan.
      queryHash: createHash('sha256').update(source).digest('hex'),
    }),
  );
  const applied = applyRemovals(result.data, walked.removals);
  context.access.denied = applied.denials;
  countDenials(applied.denials);
  return {
    ...result,
    data: applied.data,
    errors: [...(result.errors ?? []), ...applied.errors],
  };
}

export class AccessControlledGateway implements GatewayInterface {
  readonly index: PolicyIndex;
  readonly sizes: ListSizeIndex;
  readonly subgraphs: readonly string[];
  private readonly inner: ApolloGateway;

  constructor(private readonly options: AccessGatewayOptions) {
    const { index, sizes, executableSdl, subgraphs } = prepareSupergraph(options.supergraphSdl);
    this.index = index;
    this.sizes = sizes;
    this.subgraphs = subgraphs;
    this.inner = new ApolloGateway({
      supergraphSdl: executableSdl,
      logger: options.logger,
      buildService: options.buildService,
    });
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate((update) => {
      checkCustomScalars(update.apiSchema);
      callback(update);
    });
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    if (!executor) {
      throw new Error('the gateway produced no executor');
    }
    return { executor: (requestContext) => this.execute(requestContext, executor) };
  }

  private async execute(
    requestContext: GatewayGraphQLRequestContext,
    executor: GatewayExecutor,
  ): Promise<GatewayExecutionResult> {
    const context = requestContext.context as GatewayContext;
    const { settings } = this.options;
    const verdict = checkOperation(requestContext, this.index, this.sizes, settings.limits);
    if ('status' in verdict) {
      return refuse(requestContext, verdict.status, verdict.errors);
    }
    const walked = verdict;
    const pruned = walked.removals.length > 0 && !settings.dryRun;
    if (walked.removals.length > 0) {
      const note = settings.dryRun ? ' (dry run: not filtered)' : '';
      context.access.denied = templateDenials(walked.removals, note);
      if (!pruned || settings.rejectUnauthorized || walked.nothingLeft) {
        // Counted here when nothing runs (refused) or nothing is filtered (dry run); a pruned
        // run counts its denials at their concrete paths (runPruned).
        countDenials(context.access.denied);
      }
      // A write is refused whole, before its write-ahead record: run with fields pruned, a
      // denied non-null field could null its answer up to the mutation itself, telling the
      // caller "denied" of a write that committed (and inviting a duplicate on retry).
      const write = requestContext.operation?.operation === 'mutation';
      if (pruned && (settings.rejectUnauthorized || walked.nothingLeft || write)) {
        return refuse(requestContext, 403, unauthorizedErrors(context.access.denied));
      }
    }
    if (requestContext.operation?.operation === 'mutation') {
      try {
        await context.writeAhead();
      } catch {
        return refuse(requestContext, 503, [
          refusal(ERROR_CODES.AUDIT_UNAVAILABLE, AUDIT_UNAVAILABLE_MESSAGE),
        ]);
      }
    }
    if (!pruned) {
      return surfaceValueCompletion(await executor(requestContext));
    }
    return runPruned(requestContext, executor, walked);
  }
}
