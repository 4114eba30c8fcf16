/**
 * Who is asking, as a page's cursors are bound to it: a cursor continues only its caller's own
 * list (kit/pagination.ts). `RequestScope.page()` puts it into every page a resolver asks for.
 */
import type { InternalContext } from '../../schema/internal-context.js';

/** The caller and purpose a cursor is bound to (the request id is not: pages span requests). */
export function callerOf(context: InternalContext): string {
  const { sub, agency, province, scopes } = context.principal;
  return JSON.stringify([
    sub,
    agency,
    province,
    [...scopes].sort(),
    context.purpose?.code ?? null,
    context.purpose?.reference ?? null,
  ]);
}
