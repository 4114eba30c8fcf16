import {
  Ctx,
  Directive,
  FieldResolver,
  GraphQLISODateTime,
  ID,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';

import { ASSUMED_LIST_SIZE, listSize } from '../../kit/index.js';
import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { foreignKey, PLANNER_ONLY } from '../entities/references.type.js';
import { SealChange } from '../entities/seal-change.entity.js';
import { WelfareReferral } from '../entities/welfare-referral.entity.js';
import type { JuvenileContext } from '../loaders.js';
import { reportSealedRead } from '../rules.js';

/** The fields of a record that are not columns (each list batched through a loader). */
@UseMiddleware(reportSealedRead)
@Resolver(() => JuvenileRecord)
export class JuvenileRecordFieldsResolver {
  /*
   * The offender and the case are the narcotics subgraph's to resolve (under its row-level
   * security, DESIGN §6): it `@requires` these ids, which no client reads here.
   */
  @FieldResolver(() => ID, { description: 'Id of the offender (planner only).' })
  @Directive(PLANNER_ONLY)
  personIdRef(@Root() record: JuvenileRecord): string {
    return foreignKey(record.personId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Id of the case (planner only).' })
  @Directive(PLANNER_ONLY)
  caseIdRef(@Root() record: JuvenileRecord): string | null {
    return record.caseId === null ? null : foreignKey(record.caseId);
  }

  @FieldResolver(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the record was sealed; null when it is not sealed.',
  })
  sealedAt(@Root() record: JuvenileRecord): Date | null {
    return record.sealed ? record.sealChangedAt : null;
  }

  @FieldResolver(() => [SealChange], { description: 'Every sealing decision, oldest first.' })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  sealHistory(
    @Root() record: JuvenileRecord,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<SealChange[]> {
    return loaders.sealChangesByRecord.load(record.id);
  }

  @FieldResolver(() => [WelfareReferral])
  @Directive(listSize(ASSUMED_LIST_SIZE))
  welfareReferrals(
    @Root() record: JuvenileRecord,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<WelfareReferral[]> {
    return loaders.referralsByRecord.load(record.id);
  }
}
