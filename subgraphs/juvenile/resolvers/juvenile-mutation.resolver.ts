import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';

import { NotFoundError, validateInput } from '../../kit/index.js';
import { JUVENILE_READ } from '../directives.js';
import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { WelfareReferral } from '../entities/welfare-referral.entity.js';
import { today } from '../inputs/common.js';
import {
  RecordDispositionInput,
  recordDispositionSchema,
} from '../inputs/record-disposition.input.js';
import {
  RecordJuvenileOffenceInput,
  recordJuvenileOffenceSchema,
} from '../inputs/record-juvenile-offence.input.js';
import { ReferToWelfareInput, referToWelfareSchema } from '../inputs/refer-to-welfare.input.js';
import type { JuvenileContext } from '../loaders.js';
import {
  insertRecord,
  insertReferral,
  updateDisposition,
} from '../repositories/juvenile-record.repository.js';

const MAY_BE_SEALED =
  'The record as you may see it afterwards: null when the law sealed it and your purpose does ' +
  'not reach sealed records.';

/**
 * Juvenile officers' writes. Sealing follows in the same transaction (database triggers weigh
 * every record of the person); a record the caller may not see is NOT_FOUND like an unknown one.
 */
@Resolver()
export class JuvenileMutationResolver {
  @Mutation(() => JuvenileRecord, {
    nullable: true,
    description: `Records a new or newly found offence. ${MAY_BE_SEALED}`,
  })
  @Directive(JUVENILE_READ)
  async recordJuvenileOffence(
    @Arg('input', () => RecordJuvenileOffenceInput) input: RecordJuvenileOffenceInput,
    @Ctx() context: JuvenileContext,
  ): Promise<JuvenileRecord | null> {
    const values = validateInput(recordJuvenileOffenceSchema, input);
    const id = await context.scope.atomically((manager) =>
      insertRecord(manager, values, context.hub.principal.sub),
    );
    return reload(context, id);
  }

  @Mutation(() => JuvenileRecord, {
    nullable: true,
    description: `Records (or replaces) the disposition of an offence. ${MAY_BE_SEALED}`,
  })
  @Directive(JUVENILE_READ)
  async recordDisposition(
    @Arg('input', () => RecordDispositionInput) input: RecordDispositionInput,
    @Ctx() context: JuvenileContext,
  ): Promise<JuvenileRecord | null> {
    const values = validateInput(recordDispositionSchema, input);
    const existing = await requireRecord(context, values.recordId);
    await context.scope.atomically((manager) => updateDisposition(manager, values));
    return reload(context, existing.id);
  }

  @Mutation(() => WelfareReferral, { description: 'Refers the offender to a welfare service.' })
  @Directive(JUVENILE_READ)
  async referToWelfare(
    @Arg('input', () => ReferToWelfareInput) input: ReferToWelfareInput,
    @Ctx() context: JuvenileContext,
  ): Promise<WelfareReferral> {
    const values = validateInput(referToWelfareSchema, input);
    await requireRecord(context, values.recordId);
    const referredOn = values.referredOn ?? today();
    const id = await context.scope.atomically((manager) =>
      insertReferral(manager, { ...values, referredOn }, context.hub.principal.sub),
    );
    context.loaders.referralsByRecord.clear(values.recordId);
    return {
      id,
      recordId: values.recordId,
      service: values.service,
      provider: values.provider,
      referredOn,
      notes: values.notes ?? null,
      referredBy: context.hub.principal.sub,
    };
  }
}

/** The record, visible to the caller, or NOT_FOUND (the same for sealed and unknown ids). */
async function requireRecord(context: JuvenileContext, id: number): Promise<JuvenileRecord> {
  const found = await context.loaders.recordById.load(id);
  if (!found) {
    throw new NotFoundError(`recordId: juvenile record ${id}`);
  }
  return found;
}

/**
 * Sealing may have changed any record of the person (an unsealed one becomes visible, a sealed
 * one disappears): forget what this request loaded and read the record again, through row-level
 * security.
 */
function reload(context: JuvenileContext, id: number): Promise<JuvenileRecord | null> {
  const { loaders } = context;
  loaders.recordById.clearAll();
  loaders.recordsByPerson.clearAll();
  loaders.sealChangesByRecord.clearAll();
  return loaders.recordById.load(id);
}
