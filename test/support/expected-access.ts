/**
 * Who may see what, written by hand from DESIGN.md §5–§6 (the role → scope table, the fields
 * each scope opens, sealed records and juvenile writes as judicial acts) — deliberately NOT read
 * from the supergraph or computed by the gateway's own `denialReason`, so the access-matrix test
 * checks the gateway against an independent statement of the rules. A protected coordinate added
 * to (or removed from) the schema fails the matrix test until this table says who may see it.
 */
import type { Role } from '../../schema/access.js';

/** A role that may see the coordinate only with purpose `JUDICIAL:<reference>`. */
interface Judicial {
  readonly judicial: Role;
}
type Allowed = Role | Judicial;

const B: Role = 'bureau_analyst';
const N: Role = 'narcotics_investigator';
const C: Role = 'cyber_analyst';
const J: Role = 'juvenile_officer';
const A: Role = 'auditor';
const judicial = (role: Role): Judicial => ({ judicial: role });

/** Every protected schema coordinate and the roles that may reach it. */
export const EXPECTED_ACCESS: Readonly<Record<string, readonly Allowed[]>> = {
  AccessLogEntry: [A],
  'Agency.contact': [B, N, C, J, A],
  'Case.chatRooms': [B, N, C],
  'Case.juvenileRecords': [J],
  ChatRoom: [B, N, C],
  'ChatRoom.linkedCases': [B, N, J],
  Handle: [B, N, C],
  'Handle.person': [B, N, J],
  JuvenileRecord: [J],
  'JuvenileRecord.case': [B, N, J],
  'JuvenileRecord.dateOfBirth': [N, J],
  'JuvenileRecord.guardianContact': [N, J],
  'JuvenileRecord.person': [B, N, J],
  'JuvenileRecord.sealReason': [judicial(J)],
  'Mutation.addSuspect': [N],
  'Mutation.openCase': [N],
  'Mutation.pushRoomIntel': [C],
  'Mutation.recordArrest': [N],
  'Mutation.recordDisposition': [judicial(J)],
  'Mutation.recordJuvenileOffence': [judicial(J)],
  'Mutation.recordSeizure': [N],
  'Mutation.referToWelfare': [J],
  'Mutation.updateCaseStatus': [N],
  'Observation.evidenceHash': [B, N, C],
  'Observation.reportingOfficer': [B, N, C],
  'Person.arrests': [B, N, J],
  'Person.birthYear': [N, J],
  'Person.dateOfBirth': [N, J],
  'Person.fullName': [B, N, C, J],
  'Person.handles': [B, N, C],
  'Person.juvenileRecords': [J],
  'Person.nationalId': [N, J],
  'Person.suspectIn': [B, N, J],
  'Query.accessLog': [A],
  'Query.accessLogCounts': [A],
  'Query.accessLogDenialsByAgency': [A],
  'Query.accessLogReadsByWeek': [A],
  'Query.auditCheckpoint': [A],
  'Query.auditConsistency': [A],
  'Query.auditIntegrity': [A],
  'Query.auditProof': [A],
  'Query.case': [B, N, J],
  'Query.caseByNumber': [B, N, J],
  'Query.cases': [B, N, J],
  'Query.chatRoom': [B, N, C],
  'Query.chatRooms': [B, N, C],
  'Query.handle': [B, N, C],
  'Query.introductionChain': [B, N, C],
  'Query.juvenileRecord': [J],
  'Query.juvenileRecords': [J],
  'Query.labs': [B, N, J],
  'Query.person': [B, N, J],
  'Query.persons': [B, N, J],
  'Query.platforms': [B, N, C],
  'Query.ring': [B, N, J],
  'Query.rings': [B, N, J],
  'Query.roomActivityByHour': [B, N, C],
  'Query.roomObservations': [B, N, C],
  'Query.seizureTotals': [B, N, J],
  'SealChange.combinedSentenceMonths': [judicial(J)],
  'SealChange.reason': [judicial(J)],
};

/** Whether the table lets `role` see `coordinate` for a request stating `purpose`. */
export function expectedAllowed(
  coordinate: string,
  role: Role,
  purpose: { readonly code: string; readonly reference?: string },
): boolean {
  const allowed = EXPECTED_ACCESS[coordinate];
  if (!allowed) {
    return true; // not protected
  }
  return allowed.some((entry) =>
    typeof entry === 'string'
      ? entry === role
      : entry.judicial === role && purpose.code === 'JUDICIAL' && Boolean(purpose.reference),
  );
}
