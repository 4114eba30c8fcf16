import {
  Ctx,
  FieldResolver,
  GraphQLISODateTime,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';

import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { caseReference, CaseRef, personReference, PersonRef } from '../entities/references.type.js';
import { SealChange } from '../entities/seal-change.entity.js';
import { WelfareReferral } from '../entities/welfare-referral.entity.js';
import type { JuvenileContext } from '../loaders.js';
import { reportSealedRead } from '../rules.js';

/** The fields of a record that are not columns (each list batched through a loader). */
@UseMiddleware(reportSealedRead)
@Resolver(() => JuvenileRecord)
export class JuvenileRecordFieldsResolver {
  @FieldResolver(() => PersonRef, { description: 'The offender (a narcotics Person).' })
  person(@Root() record: JuvenileRecord): PersonRef {
    return personReference(record.personId);
  }

  @FieldResolver(() => CaseRef, { nullable: true, description: 'The narcotics case, if any.' })
  case(@Root() record: JuvenileRecord): CaseRef | null {
    return record.caseId === null ? null : caseReference(record.caseId);
  }

  @FieldResolver(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the record was sealed; null when it is not sealed.',
  })
  sealedAt(@Root() record: JuvenileRecord): Date | null {
    return record.sealed ? record.sealChangedAt : null;
  }

  @FieldResolver(() => [SealChange], { description: 'Every sealing decision, oldest first.' })
  sealHistory(
    @Root() record: JuvenileRecord,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<SealChange[]> {
    return loaders.sealChangesByRecord.load(record.id);
  }

  @FieldResolver(() => [WelfareReferral])
  welfareReferrals(
    @Root() record: JuvenileRecord,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<WelfareReferral[]> {
    return loaders.referralsByRecord.load(record.id);
  }
}
