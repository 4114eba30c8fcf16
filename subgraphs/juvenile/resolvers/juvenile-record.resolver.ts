import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';

import {
  validateInput,
  type Connection,
  PAGE_SIZED_BY_FIRST,
  DEFAULT_PAGE_SIZE,
} from '../../kit/index.js';
import { JUVENILE_READ } from '../directives.js';
import { JuvenileRecordConnection } from '../entities/connections.type.js';
import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import {
  JuvenileRecordFilter,
  juvenileRecordFilterSchema,
} from '../inputs/juvenile-record-filter.input.js';
import type { JuvenileContext } from '../loaders.js';
import { listRecords } from '../repositories/juvenile-record.repository.js';

/** Juvenile record queries; what a caller may see is decided by row-level security. */
@Resolver()
export class JuvenileRecordResolver {
  @Query(() => JuvenileRecord, {
    nullable: true,
    description: 'A record by id; null when there is none you may see.',
  })
  @Directive(JUVENILE_READ)
  juvenileRecord(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<JuvenileRecord | null> {
    return loaders.recordById.load(id);
  }

  @Query(() => JuvenileRecordConnection, { description: 'Records, newest offence first.' })
  @Directive(JUVENILE_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async juvenileRecords(
    @Arg('filter', () => JuvenileRecordFilter, { nullable: true })
    filter: JuvenileRecordFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { scope }: JuvenileContext,
  ): Promise<Connection<JuvenileRecord>> {
    const values = validateInput(juvenileRecordFilterSchema, filter ?? {});
    return listRecords(await scope.manager(), values, scope.page(first, after));
  }
}
