import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';

import { NotFoundError, validateInput } from '../../kit/index.js';
import {
  JUDICIAL_PURPOSE,
  JUDICIAL_READ_WRITE,
  JUDICIAL_WRITE,
  JUVENILE_READ_WRITE,
} from '../directives.js';
import type { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { JuvenileWriteResult } from '../entities/juvenile-write-result.type.js';
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
import { mayReadSealed, recordsUnsealedBy } from '../repositories/sealing.repository.js';
import { reportUnsealed, writeAnswer } from '../rules.js';

/** How the schema describes a write the sealing law re-weighs. */
function judicialAct(scopes: string): string {
  return (
    `A judicial act: needs ${scopes} and purpose JUDICIAL with a reference. The sealing law ` +
    'then weighs every record of the person; JuvenileWriteResult says what you are told.'
  );
}

/**
 * Juvenile officers' writes. Sealing follows in the same transaction (database triggers weigh
 * every record of the person); a record the caller may not see is NOT_FOUND like an unknown one.
 */
@Resolver()
export class JuvenileMutationResolver {
  @Mutation(() => JuvenileWriteResult, {
    description: `Records a new or newly found offence. ${judicialAct('juvenile:write')}`,
  })
  @Directive(JUDICIAL_WRITE)
  @Directive(JUDICIAL_PURPOSE)
  recordJuvenileOffence(
    @Arg('input', () => RecordJuvenileOffenceInput) input: RecordJuvenileOffenceInput,
    @Ctx() context: JuvenileContext,
  ): Promise<JuvenileWriteResult> {
    const values = validateInput(recordJuvenileOffenceSchema, input);
    return judicialWrite(context, (manager) =>
      insertRecord(manager, values, context.hub.principal.sub),
    );
  }

  @Mutation(() => JuvenileWriteResult, {
    description:
      'Records (or replaces) the disposition of an offence you may see. ' +
      judicialAct('juvenile:read and juvenile:write'),
  })
  @Directive(JUDICIAL_READ_WRITE)
  @Directive(JUDICIAL_PURPOSE)
  async recordDisposition(
    @Arg('input', () => RecordDispositionInput) input: RecordDispositionInput,
    @Ctx() context: JuvenileContext,
  ): Promise<JuvenileWriteResult> {
    const values = validateInput(recordDispositionSchema, input);
    const existing = await requireRecord(context, values.recordId);
    return judicialWrite(context, async (manager) => {
      await updateDisposition(manager, values);
      return existing.id;
    });
  }

  @Mutation(() => WelfareReferral, {
    description:
      'Refers the offender of a record you may see to a welfare service. Changes no sentence ' +
      'and so no seal: needs juvenile:read and juvenile:write, for any stated purpose.',
  })
  @Directive(JUVENILE_READ_WRITE)
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

/**
 * Runs a write that the sealing law re-weighs (`write` returns the record's id), reports what it
 * unsealed, and answers as rules.ts `writeAnswer` allows.
 */
async function judicialWrite(
  context: JuvenileContext,
  write: (manager: EntityManager) => Promise<number>,
): Promise<JuvenileWriteResult> {
  const { id, unsealed, mayRead } = await context.scope.atomically(async (manager) => ({
    id: await write(manager),
    unsealed: await recordsUnsealedBy(manager, context.hub.requestId),
    mayRead: await mayReadSealed(manager),
  }));
  reportUnsealed(context, unsealed);
  forgetLoaded(context);
  return writeAnswer(mayRead, () => context.loaders.recordById.load(id));
}

/** The record, visible to the caller, or NOT_FOUND (the same for sealed and unknown ids). */
async function requireRecord(context: JuvenileContext, id: number): Promise<JuvenileRecord> {
  const found = await context.loaders.recordById.load(id);
  if (!found) {
    throw new NotFoundError('recordId: juvenile record');
  }
  return found;
}

/**
 * Sealing may have changed any record of the person (an unsealed one becomes visible, a sealed
 * one disappears): whatever this request loaded before the write is stale for what follows it.
 */
function forgetLoaded({ loaders }: JuvenileContext): void {
  loaders.recordById.clearAll();
  loaders.recordsByPerson.clearAll();
  loaders.sealChangesByRecord.clearAll();
  loaders.referralsByRecord.clearAll();
}
