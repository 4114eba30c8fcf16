/** GraphQL over the hub's own /graphql with the caller's token (nothing else is ever asked). */
export interface GraphQLError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly GraphQLError[],
  ) {
    super(errors.map((e) => e.message).join('; ') || `HTTP ${status}`);
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export async function graphql<T>(
  token: string,
  purpose: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': purpose,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLError[] };
  if (body.errors?.length || !body.data) {
    throw new RequestRefused(response.status, body.errors ?? []);
  }
  return body.data;
}

/** What the token says about its holder (shown only: the gateway is what verifies it). */
export interface TokenClaims {
  readonly sub?: string;
  readonly name?: string;
  readonly agency?: string;
  readonly province?: string;
  readonly roles?: string[];
  readonly exp?: number;
}

export function claimsOf(token: string): TokenClaims | undefined {
  const part = token.split('.')[1];
  if (!part) {
    return undefined;
  }
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(json) as TokenClaims;
  } catch {
    return undefined;
  }
}
