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
import { GraphQLError, Kind, print } from 'graphql';

import type { Logger } from '../../platform/logger.js';
import { ERROR_CODES } from '../../schema/errors.js';
import type { GatewayContext } from '../context.js';

import { applyRemovals, templateDenials, unauthorizedErrors } from './apply.js';
import { exceededLimit, measureOperation, type OperationLimits } from './limits.js';
import { prepareSupergraph, type PolicyIndex } from './policy-index.js';
import { PLACEHOLDER_KEY, pruneOperation, TYPENAME_KEY } from './prune.js';

export interface AccessSettings {
  /** Refuse the whole operation (HTTP 403) when any field is unauthorized. */
  readonly rejectUnauthorized: boolean;
  /** Evaluate and record, filter nothing. */
  readonly dryRun: boolean;
  readonly limits: OperationLimits;
  /**
   * Benchmark only (not reachable from configuration): skip limits and pruning, to measure
   * what they cost. The subgraphs still enforce their own directives.
   */
  readonly bypassForBenchmark?: boolean;
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
  errors: GraphQLError[],
): GatewayExecutionResult {
  const context = requestContext.context as GatewayContext;
  context.access.refused = true;
  context.access.status = status;
  return { errors };
}

export class AccessControlledGateway implements GatewayInterface {
  readonly index: PolicyIndex;
  readonly subgraphs: readonly string[];
  private readonly inner: ApolloGateway;

  constructor(private readonly options: AccessGatewayOptions) {
    const { index, executableSdl, subgraphs } = prepareSupergraph(options.supergraphSdl);
    this.index = index;
    this.subgraphs = subgraphs;
    this.inner = new ApolloGateway({
      supergraphSdl: executableSdl,
      logger: options.logger,
      buildService: options.buildService,
    });
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(callback);
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
    if (settings.bypassForBenchmark) {
      return executor(requestContext);
    }
    const variables = requestContext.request.variables ?? {};
    const { schema, document, operation } = requestContext;

    const exceeded = exceededLimit(
      measureOperation(schema, document, operation, variables),
      Buffer.byteLength(requestContext.source ?? ''),
      settings.limits,
    );
    if (exceeded) {
      return refuse(requestContext, 400, [
        new GraphQLError(exceeded, { extensions: { code: ERROR_CODES.OPERATION_LIMIT_EXCEEDED } }),
      ]);
    }

    const pruned = pruneOperation({
      schema,
      document,
      operation,
      variables,
      index: this.index,
      principal: context.principal,
      purpose: context.purpose,
    });
    context.access.requested = pruned.requested;
    if (pruned.removals.length === 0) {
      return executor(requestContext);
    }
    if (settings.dryRun) {
      context.access.denied = templateDenials(pruned.removals, ' (dry run: not filtered)');
      return executor(requestContext);
    }
    const nothingLeft = pruned.operation.selectionSet.selections.every(
      (selection) =>
        selection.kind === Kind.FIELD &&
        (selection.alias?.value === PLACEHOLDER_KEY || selection.alias?.value === TYPENAME_KEY),
    );
    if (settings.rejectUnauthorized || nothingLeft) {
      context.access.denied = templateDenials(pruned.removals);
      return refuse(requestContext, 403, unauthorizedErrors(context.access.denied));
    }

    const source = print(pruned.document);
    const result = await executor({
      ...requestContext,
      document: pruned.document,
      operation: pruned.operation,
      source,
      // The plan cache is keyed by this hash: a pruned document must never share another's plan.
      queryHash: createHash('sha256').update(source).digest('hex'),
    });
    const applied = applyRemovals(result.data, pruned.removals);
    context.access.denied = applied.denials;
    return {
      ...result,
      data: applied.data,
      errors: [...(result.errors ?? []), ...applied.errors],
    };
  }
}
