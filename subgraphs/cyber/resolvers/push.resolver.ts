import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';

import { MAX_PUSH_ITEMS } from '../../../schema/intel-item.js';
import { BadUserInputError } from '../../kit/index.js';
import { CYBER_WRITE } from '../directives.js';
import { PushResult } from '../entities/results.type.js';
import { RoomIntelInput } from '../inputs/room-intel.input.js';
import type { CyberContext } from '../loaders.js';
import { pushBatch } from '../repositories/push-batch.js';
import { pushNamespace } from '../rules.js';

@Resolver()
export class PushResolver {
  @Mutation(() => PushResult, {
    description:
      'Pushes rooms, handles, introductions, observations and case links, in any mix and order ' +
      `(at most ${MAX_PUSH_ITEMS} per push). Idempotent per (source, externalId) within your ` +
      "agency's namespace, where references resolve too; a bad item is reported by index and " +
      'never fails the others; the push is written whole or not at all. Case and person ids ' +
      'are taken as given (the answer says nothing of whether they exist or you may see them).',
  })
  @Directive(CYBER_WRITE)
  pushRoomIntel(
    @Arg('items', () => [RoomIntelInput]) items: RoomIntelInput[],
    @Ctx() { scope, hub }: CyberContext,
  ): Promise<PushResult> {
    const namespace = pushNamespace(hub.principal.agency);
    if (items.length > MAX_PUSH_ITEMS) {
      throw new BadUserInputError(
        `items: at most ${MAX_PUSH_ITEMS} per push (got ${items.length}); split the batch`,
        'items',
      );
    }
    return pushBatch(scope, items, namespace);
  }
}
