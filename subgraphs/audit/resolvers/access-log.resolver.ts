import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import {
  validateInput,
  type Connection,
  listSize,
  PAGE_SIZED_BY_FIRST,
  ASSUMED_LIST_SIZE,
  DEFAULT_PAGE_SIZE,
} from '../../kit/index.js';
import { AUDIT_READ } from '../directives.js';
import {
  AccessedRecordRef,
  AccessLogCount,
  AccessLogEntry,
  AgencyDenialCount,
  AuditIntegrity,
  AuditPrincipal,
  DeniedFieldRecord,
  WeeklyRecordReads,
} from '../entities/access-log-entry.entity.js';
import { AccessLogConnection } from '../entities/connections.type.js';
import { AccessLogFilter, accessLogFilterSchema } from '../inputs/access-log-filter.input.js';
import type { AuditContext } from '../loaders.js';
import {
  chainState,
  countByHour,
  denialsByAgency,
  listEntries,
  MAX_GROUPS,
  readsByWeek,
} from '../repositories/access-log.repository.js';
import { chargeValueSearch } from '../rules.js';

/** The read side of the audit trail, for audit teams. */
@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  @Query(() => AccessLogConnection, { description: 'The audit trail, newest first.' })
  @Directive(AUDIT_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async accessLog(
    @Ctx() context: AuditContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<AccessLogEntry>> {
    const { scope, services } = context;
    const values = validateInput(accessLogFilterSchema, filter ?? {});
    if (values.variableValue) {
      await chargeValueSearch(context);
    }
    return listEntries(await scope.manager(), values, scope.page(first, after), services.hashValue);
  }

  @Query(() => [AccessLogCount], { description: 'Requests per hour and outcome, for charts.' })
  @Directive(AUDIT_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  async accessLogCounts(
    @Ctx() { scope }: AuditContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
  ): Promise<AccessLogCount[]> {
    // Counts by time, agency and officer only: no search by value here, nothing to ration.
    return countByHour(await scope.manager(), validateInput(accessLogFilterSchema, filter ?? {}));
  }

  @Query(() => [AgencyDenialCount], {
    description: 'Refused and partly withheld requests per agency (most first), for charts.',
  })
  @Directive(AUDIT_READ)
  @Directive(listSize(MAX_GROUPS))
  async accessLogDenialsByAgency(
    @Ctx() context: AuditContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
  ): Promise<AgencyDenialCount[]> {
    const values = validateInput(accessLogFilterSchema, filter ?? {});
    if (values.variableValue) {
      await chargeValueSearch(context);
    }
    return denialsByAgency(await context.scope.manager(), values, context.services.hashValue);
  }

  @Query(() => [WeeklyRecordReads], {
    description:
      'Per week (newest 200), requests that returned a record of recordType (e.g. ' +
      'SealedJuvenileRecord: reads of sealed juvenile records) and how many such records.',
  })
  @Directive(AUDIT_READ)
  @Directive(listSize(MAX_GROUPS))
  async accessLogReadsByWeek(
    @Ctx() context: AuditContext,
    @Arg('recordType', () => String) recordType: string,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
  ): Promise<WeeklyRecordReads[]> {
    const values = validateInput(accessLogFilterSchema, {
      ...filter,
      recordType,
      recordId: undefined,
    });
    if (values.variableValue) {
      await chargeValueSearch(context);
    }
    const { scope, services } = context;
    return readsByWeek(await scope.manager(), recordType, values, services.hashValue);
  }

  @Query(() => AuditIntegrity, { description: 'Whether the hash chain holds.' })
  @Directive(AUDIT_READ)
  async auditIntegrity(@Ctx() { scope }: AuditContext): Promise<AuditIntegrity> {
    const state = await chainState(await scope.manager());
    return { ...state, firstBrokenId: state.firstBrokenSeq };
  }

  @FieldResolver(() => ID)
  id(@Root() entry: AccessLogEntry): string {
    return entry.seq;
  }

  @FieldResolver(() => AuditPrincipal)
  principal(@Root() entry: AccessLogEntry): AuditPrincipal {
    return {
      sub: entry.sub,
      agency: entry.agency,
      province: entry.province,
      roles: entry.roles,
      scopes: entry.scopes,
    };
  }

  @FieldResolver(() => [DeniedFieldRecord])
  @Directive(listSize(ASSUMED_LIST_SIZE))
  fieldsDenied(@Root() entry: AccessLogEntry): DeniedFieldRecord[] {
    return entry.deniedRaw.map((d) => ({
      path: d.path.join('.'),
      coordinate: d.coordinate,
      reason: d.reason,
    }));
  }

  @FieldResolver(() => [AccessedRecordRef])
  @Directive(listSize(ASSUMED_LIST_SIZE))
  recordsAccessed(@Root() entry: AccessLogEntry): AccessedRecordRef[] {
    return entry.recordsRaw;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Variables as JSON text: ids, enums, numbers and booleans as sent; every other value as ' +
      '{ hmac, length } (a keyed hash: search for a value with filter.variableValue).',
  })
  variables(@Root() entry: AccessLogEntry): string | null {
    return entry.variables == null ? null : JSON.stringify(entry.variables);
  }
}
