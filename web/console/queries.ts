/** The console's operations: all of them through the gateway, as the signed-in caller. */
export const PURPOSE = 'AUDIT';

export const LOG_QUERY = /* GraphQL */ `
  query ConsoleAccessLog($filter: AccessLogFilter, $first: Int, $after: String) {
    accessLog(filter: $filter, first: $first, after: $after) {
      totalCount
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
            path
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

export const CHARTS_QUERY = /* GraphQL */ `
  query ConsoleCharts($filter: AccessLogFilter, $sealed: String!) {
    accessLogCounts(filter: $filter) {
      hour
      outcome
      count
    }
    accessLogDenialsByAgency(filter: $filter) {
      agency
      denied
      partial
    }
    accessLogReadsByWeek(recordType: $sealed, filter: $filter) {
      week
      requests
      records
    }
  }
`;

export const INTEGRITY_QUERY = /* GraphQL */ `
  query ConsoleIntegrity {
    auditIntegrity {
      verified
      length
      headHash
      firstBrokenId
      problem
    }
  }
`;

/** The audit category of a sealed juvenile record's read (the juvenile subgraph reports it). */
export const SEALED_RECORD_TYPE = 'SealedJuvenileRecord';

export interface Entry {
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
  readonly fieldsDenied: { path: string; coordinate: string; reason: string }[];
  readonly recordsAccessed: { type: string; id: string }[];
  readonly errorCodes: string[];
  readonly prevHash: string;
  readonly hash: string;
}

export interface LogPage {
  accessLog: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Entry }[];
  };
}

export interface Charts {
  accessLogCounts: { hour: string; outcome: string; count: number }[];
  accessLogDenialsByAgency: { agency: string | null; denied: number; partial: number }[];
  accessLogReadsByWeek: { week: string; requests: number; records: number }[];
}

export interface Integrity {
  auditIntegrity: {
    verified: boolean;
    length: number;
    headHash: string;
    firstBrokenId: string | null;
    problem: string | null;
  };
}
