import {
  Arg,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { z } from 'zod';

import { OUTCOMES } from '../../../schema/audit-row.js';
import {
  BadUserInputError,
  ConnectionType,
  paginate,
  validateInput,
  type SubgraphContext,
} from '../../kit/index.js';
import {
  AccessedRecordRef,
  AccessLogCount,
  AccessLogEntry,
  AuditIntegrity,
  AuditPrincipal,
  DeniedFieldRecord,
} from '../entities/access-log-entry.entity.js';

@InputType({ description: 'All given conditions must hold.' })
export class AccessLogFilter {
  @Field(() => String, { nullable: true, description: 'Officer (token subject)' })
  officer?: string;

  @Field(() => String, { nullable: true })
  agency?: string;

  @Field(() => String, { nullable: true })
  province?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Type of a record accessed, e.g. JuvenileRecord',
  })
  recordType?: string;

  @Field(() => ID, { nullable: true, description: 'Id of a record accessed (with recordType)' })
  recordId?: string;

  @Field(() => String, { nullable: true })
  operationName?: string;

  @Field(() => String, { nullable: true, description: 'e.g. JUDICIAL' })
  purpose?: string;

  @Field(() => String, {
    nullable: true,
    description: "The purpose's reference, e.g. a court order or case number",
  })
  purposeReference?: string;

  @Field(() => String, { nullable: true, description: 'OK, PARTIAL, DENIED, ERROR or PENDING' })
  outcome?: string;

  @Field(() => String, {
    nullable: true,
    description: "The hub's request id, or the client's x-request-id",
  })
  requestId?: string;

  @Field(() => String, { nullable: true })
  clientAddress?: string;

  @Field(() => String, {
    nullable: true,
    description: 'A schema coordinate that was denied, e.g. Person.nationalId',
  })
  deniedField?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'A value some request sent as a variable (a name, a national id, a search term): ' +
      'matched by its keyed hash, so "who searched for X?" is answered without the trail ' +
      'holding X.',
  })
  variableValue?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}

const filterSchema = z
  .object({
    officer: z.string().max(200).nullish(),
    agency: z.string().max(64).nullish(),
    province: z.string().max(64).nullish(),
    recordType: z.string().max(64).nullish(),
    recordId: z.string().max(64).nullish(),
    operationName: z.string().max(200).nullish(),
    purpose: z.string().max(32).nullish(),
    purposeReference: z.string().max(200).nullish(),
    outcome: z.enum(OUTCOMES).nullish(),
    requestId: z.string().max(128).nullish(),
    clientAddress: z.string().max(64).nullish(),
    deniedField: z.string().max(200).nullish(),
    variableValue: z.string().max(100_000).nullish(),
    from: z.date().nullish(),
    to: z.date().nullish(),
  })
  .refine((f) => !f.recordId || f.recordType, {
    message: 'recordId needs recordType',
    path: ['recordId'],
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

const AccessLogConnection = ConnectionType('AccessLog', AccessLogEntry);

const AUDIT_READ = '@requiresScopes(scopes: [["audit:read"]])';

@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  @Query(() => AccessLogConnection, { description: 'The audit trail, newest first.' })
  @Directive(AUDIT_READ)
  async accessLog(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const f = validateInput(filterSchema, filter ?? {});
    const query = (await context.scope.manager()).createQueryBuilder(AccessLogEntry, 'log');
    if (f.officer) {
      query.andWhere('log.sub = :officer', { officer: f.officer });
    }
    if (f.agency) {
      query.andWhere('log.agency = :agency', { agency: f.agency });
    }
    if (f.province) {
      query.andWhere('log.province = :province', { province: f.province });
    }
    if (f.operationName) {
      query.andWhere('log.operation_name = :operationName', { operationName: f.operationName });
    }
    if (f.purpose) {
      query.andWhere('log.purpose = :purpose', { purpose: f.purpose });
    }
    if (f.purposeReference) {
      query.andWhere('log.purpose_reference = :reference', { reference: f.purposeReference });
    }
    if (f.requestId) {
      query.andWhere('(log.request_id = :requestId OR log.client_request_id = :requestId)', {
        requestId: f.requestId,
      });
    }
    if (f.clientAddress) {
      query.andWhere('log.client_address = :clientAddress', { clientAddress: f.clientAddress });
    }
    if (f.deniedField) {
      query.andWhere('log.fields_denied @> :denied::jsonb', {
        denied: JSON.stringify([{ coordinate: f.deniedField }]),
      });
    }
    if (f.variableValue) {
      const hashValue = context.services.hashValue;
      if (!hashValue) {
        throw new BadUserInputError('variableValue: search by value is not configured here');
      }
      query.andWhere('log.value_hashes @> ARRAY[CAST(:valueHash AS text)]', {
        valueHash: hashValue(f.variableValue),
      });
    }
    if (f.outcome) {
      query.andWhere('log.outcome = :outcome', { outcome: f.outcome });
    }
    if (f.from) {
      query.andWhere('log.at >= :from', { from: f.from });
    }
    if (f.to) {
      query.andWhere('log.at <= :to', { to: f.to });
    }
    if (f.recordType) {
      const record = f.recordId ? { type: f.recordType, id: f.recordId } : { type: f.recordType };
      query.andWhere('log.records_accessed @> :record::jsonb', {
        record: JSON.stringify([record]),
      });
    }
    return paginate(
      query,
      { first, after },
      {
        columns: ['log.at', 'log.seq'],
        valuesOf: (row) => [row.at.toISOString(), row.seq],
        direction: 'DESC',
      },
    );
  }

  @Query(() => [AccessLogCount], { description: 'Requests per hour and outcome, for charts.' })
  @Directive(AUDIT_READ)
  async accessLogCounts(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
  ): Promise<AccessLogCount[]> {
    const f = validateInput(filterSchema, filter ?? {});
    const from = f.from ?? new Date(Date.now() - 7 * 24 * 3600 * 1000);
    const to = f.to ?? new Date();
    const rows: { hour: Date; outcome: string; count: string }[] = await (
      await context.scope.manager()
    ).query(
      `SELECT date_trunc('hour', at) AS hour, outcome, count(*) AS count
         FROM audit.access_log
        WHERE at >= $1 AND at <= $2
          AND ($3::text IS NULL OR agency = $3) AND ($4::text IS NULL OR sub = $4)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to, f.agency ?? null, f.officer ?? null],
    );
    return rows.map((row) => ({ hour: row.hour, outcome: row.outcome, count: Number(row.count) }));
  }

  @Query(() => AuditIntegrity, { description: 'Whether the hash chain holds.' })
  @Directive(AUDIT_READ)
  async auditIntegrity(@Ctx() context: SubgraphContext): Promise<AuditIntegrity> {
    const [row] = (await (
      await context.scope.manager()
    ).query('SELECT * FROM audit.verify_chain()')) as {
      verified: boolean;
      length: string;
      head_hash: string;
      first_broken_seq: string | null;
      problem: string | null;
    }[];
    return {
      verified: row?.verified ?? false,
      length: Number(row?.length ?? 0),
      headHash: row?.head_hash ?? '',
      firstBrokenId: row?.first_broken_seq ?? null,
      problem: row?.problem ?? null,
    };
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
  fieldsDenied(@Root() entry: AccessLogEntry): DeniedFieldRecord[] {
    return entry.deniedRaw.map((d) => ({
      path: d.path.join('.'),
      coordinate: d.coordinate,
      reason: d.reason,
    }));
  }

  @FieldResolver(() => [AccessedRecordRef])
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
