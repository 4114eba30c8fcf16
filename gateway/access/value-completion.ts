/** Errors of the gateway's own result completion, where the client and the audit trail see them. */
import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { GraphQLError } from 'graphql';

/**
 * @apollo/gateway reports errors of its own result completion (a null where the schema allows
 * none) only in `extensions.valueCompletion`, with `errors` left empty: every null an error
 * caused must be in `errors`, so the client and the audit trail see it.
 */
export function surfaceValueCompletion(result: GatewayExecutionResult): GatewayExecutionResult {
  const completion = result.extensions?.valueCompletion;
  if (!Array.isArray(completion) || completion.length === 0) {
    return result;
  }
  const { valueCompletion: _completion, ...extensions } = result.extensions ?? {};
  return {
    ...result,
    errors: [...(result.errors ?? []), ...(completion as GraphQLError[])],
    extensions: Object.keys(extensions).length > 0 ? extensions : undefined,
  };
}
