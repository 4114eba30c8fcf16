import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import { BadUserInputError, NotFoundError, listSize } from '../../kit/index.js';
import { CYBER_READ } from '../directives.js';
import { ChatRoom } from '../entities/chat-room.entity.js';
import { Handle } from '../entities/handle.entity.js';
import { Introduction } from '../entities/introduction.entity.js';
import type { CyberContext } from '../loaders.js';
import { introductionChain, MAX_CHAIN_RESULT } from '../repositories/chain.repository.js';

export const DEFAULT_CHAIN_DEPTH = 5;
export const MAX_CHAIN_DEPTH = 10;

async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (!found) {
    throw new Error(`introduction without its ${what}`);
  }
  return found;
}

/** Introduction chains and the handles and room of each introduction. */
@Resolver(() => Introduction)
export class IntroductionResolver {
  @Query(() => [Introduction], {
    description:
      'Introductions around a handle: up (who introduced it, who introduced them, …) then down ' +
      `(whom it introduced, …), each at its smallest depth. depth defaults to ${DEFAULT_CHAIN_DEPTH} ` +
      `(at most ${MAX_CHAIN_DEPTH}); a cycle is reported (closesCycle) and not followed.`,
  })
  @Directive(CYBER_READ)
  @Directive(listSize(MAX_CHAIN_RESULT))
  async introductionChain(
    @Arg('handleId', () => ID) handleId: string,
    @Arg('depth', () => Int, { nullable: true }) depth: number | null,
    @Ctx() { loaders, scope }: CyberContext,
  ): Promise<Introduction[]> {
    const steps = depth ?? DEFAULT_CHAIN_DEPTH;
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_CHAIN_DEPTH) {
      throw new BadUserInputError(`depth: must be between 1 and ${MAX_CHAIN_DEPTH}`, 'depth');
    }
    const handle = await loaders.handleById.load(handleId);
    if (!handle) {
      throw new NotFoundError('handleId: handle');
    }
    return introductionChain(await scope.manager(), handle.id, steps);
  }

  @FieldResolver(() => Handle)
  introducer(@Root() row: Introduction, @Ctx() { loaders }: CyberContext): Promise<Handle> {
    return required(loaders.handleById.load(row.introducerId), 'introducer');
  }

  @FieldResolver(() => Handle)
  newcomer(@Root() row: Introduction, @Ctx() { loaders }: CyberContext): Promise<Handle> {
    return required(loaders.handleById.load(row.newcomerId), 'newcomer');
  }

  @FieldResolver(() => ChatRoom)
  room(@Root() row: Introduction, @Ctx() { loaders }: CyberContext): Promise<ChatRoom> {
    return required(loaders.roomById.load(row.roomId), 'room');
  }
}
