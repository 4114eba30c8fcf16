import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';

import {
  groupedLoader,
  rowsWhereIdIn,
  type Id,
  listSize,
  ASSUMED_LIST_SIZE,
} from '../../kit/index.js';
import { JUVENILE_READ } from '../directives.js';
import { requiresFields } from '../directives.js';
import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { CaseRef, showsCaseContent } from '../entities/references.type.js';
import type { JuvenileContext } from '../loaders.js';

function recordsByCaseLoader(context: JuvenileContext) {
  return groupedLoader<Id, JuvenileRecord>(
    rowsWhereIdIn(context.scope, JuvenileRecord, 'caseId', {
      of: 'Case',
      order: [
        { property: 'offenceDate', direction: 'DESC' },
        { property: 'id', direction: 'DESC' },
      ],
    }),
    (r) => r.caseId ?? 0,
  );
}

/** One loader per request (a shared cache would serve one caller's rows to another). */
const loaders = new WeakMap<JuvenileContext, ReturnType<typeof recordsByCaseLoader>>();

function recordsByCase(context: JuvenileContext) {
  let loader = loaders.get(context);
  if (!loader) {
    loader = recordsByCaseLoader(context);
    loaders.set(context, loader);
  }
  return loader;
}

/** What the juvenile subgraph adds to the narcotics `Case`: the records tied to it. */
@Resolver(() => CaseRef)
export class CaseRecordsResolver {
  @FieldResolver(() => [JuvenileRecord], {
    description:
      'Juvenile records tied to this case that you may see, newest offence first; none for a ' +
      'restricted case (a pointer).',
  })
  @Directive(requiresFields('restricted'))
  @Directive(JUVENILE_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  juvenileRecords(
    @Root() reference: CaseRef,
    @Ctx() context: JuvenileContext,
  ): Promise<JuvenileRecord[]> {
    return showsCaseContent(reference)
      ? recordsByCase(context).load(reference.id)
      : Promise.resolve([]);
  }
}
