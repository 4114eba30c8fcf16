/**
 * What an export asks the gateway's own GraphQL endpoint for, page by page, and how each entry
 * becomes a CSV row. The console's table reads the same fields (web/console/queries.ts).
 */
export const EXPORT_PAGE_SIZE = 200;

/** Filter fields an export form may carry (AccessLogFilter's, minus searches by value). */
export const EXPORT_FILTER_FIELDS = [
  'officer',
  'agency',
  'province',
  'recordType',
  'recordId',
  'operationName',
  'purpose',
  'purposeReference',
  'outcome',
  'requestId',
  'clientAddress',
  'deniedField',
  'from',
  'to',
] as const;

export const EXPORT_QUERY = /* GraphQL */ `
  query AccessLogExport($filter: AccessLogFilter, $first: Int, $after: String) {
    accessLog(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          requestId
          clientRequestId
          principal {
            sub
            agency
            province
            roles
          }
          purpose
          purposeReference
          clientAddress
          operationName
          operationType
          outcome
          httpStatus
          durationMs
          fieldsRequested
          fieldsDenied {
            coordinate
            reason
          }
          recordsAccessed {
            type
            id
          }
          errorCodes
          prevHash
          hash
        }
      }
    }
  }
`;

export interface ExportedEntry {
  readonly id: string;
  readonly at: string;
  readonly requestId: string;
  readonly clientRequestId: string | null;
  readonly principal: {
    sub: string | null;
    agency: string | null;
    province: string | null;
    roles: string[];
  };
  readonly purpose: string | null;
  readonly purposeReference: string | null;
  readonly clientAddress: string | null;
  readonly operationName: string | null;
  readonly operationType: string | null;
  readonly outcome: string;
  readonly httpStatus: number;
  readonly durationMs: number;
  readonly fieldsRequested: string[];
  readonly fieldsDenied: { coordinate: string; reason: string }[];
  readonly recordsAccessed: { type: string; id: string }[];
  readonly errorCodes: string[];
  readonly prevHash: string;
  readonly hash: string;
}

export const CSV_COLUMNS = [
  'id',
  'at',
  'requestId',
  'clientRequestId',
  'officer',
  'agency',
  'province',
  'roles',
  'purpose',
  'purposeReference',
  'clientAddress',
  'operationName',
  'operationType',
  'outcome',
  'httpStatus',
  'durationMs',
  'fieldsRequested',
  'fieldsDenied',
  'recordsAccessed',
  'errorCodes',
  'prevHash',
  'hash',
] as const;

/** One entry as a CSV record: lists joined with spaces (denied fields, whose reasons are prose, with ` | `). */
export function csvRecord(entry: ExportedEntry): Record<(typeof CSV_COLUMNS)[number], unknown> {
  return {
    id: entry.id,
    at: entry.at,
    requestId: entry.requestId,
    clientRequestId: entry.clientRequestId,
    officer: entry.principal.sub,
    agency: entry.principal.agency,
    province: entry.principal.province,
    roles: entry.principal.roles.join(' '),
    purpose: entry.purpose,
    purposeReference: entry.purposeReference,
    clientAddress: entry.clientAddress,
    operationName: entry.operationName,
    operationType: entry.operationType,
    outcome: entry.outcome,
    httpStatus: entry.httpStatus,
    durationMs: entry.durationMs,
    fieldsRequested: entry.fieldsRequested.join(' '),
    fieldsDenied: entry.fieldsDenied.map((d) => `${d.coordinate}: ${d.reason}`).join(' | '),
    recordsAccessed: entry.recordsAccessed.map((r) => `${r.type}:${r.id}`).join(' '),
    errorCodes: entry.errorCodes.join(' '),
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
