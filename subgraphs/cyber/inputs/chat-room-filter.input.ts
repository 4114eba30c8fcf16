import { Field, InputType, Int } from 'type-graphql';
import { z } from 'zod';

/**
 * Narrows `Query.chatRooms` (and `roomActivityByHour`); every condition given must hold. There
 * is no case filter: this subgraph cannot tell which cases a caller may see, so rooms by case
 * are asked of the case, `case(id) { chatRooms }`, which its owner resolves first.
 */
@InputType({ description: 'Narrows chat room lists; every condition given must hold.' })
export class ChatRoomFilter {
  @Field(() => String, { nullable: true, description: 'City, any case, e.g. "Lanzhou".' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'Platform code.' })
  platform?: string | null;

  @Field(() => Int, { nullable: true })
  minMembers?: number | null;

  @Field(() => Int, { nullable: true })
  maxMembers?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Hour of day 0–23 (China Standard Time) the active window touches; windows that cross ' +
      'midnight count on both sides (21:00–04:00 matches 23 and 2).',
  })
  activeAt?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words (or word prefixes) of the title, or the exact platform room id.',
  })
  search?: string | null;
}

const members = z
  .number()
  .int('must be an integer')
  .min(0, 'must not be negative')
  .max(100_000, 'must be at most 100000');

export const chatRoomFilterSchema = z
  .object({
    city: z.string().trim().min(1, 'must not be blank').max(64).nullish(),
    platform: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'must be a platform code')
      .nullish(),
    minMembers: members.nullish(),
    maxMembers: members.nullish(),
    activeAt: z
      .number()
      .int('must be an integer')
      .min(0, 'must be 0–23')
      .max(23, 'must be 0–23')
      .nullish(),
    search: z
      .string()
      .trim()
      .max(100, 'must be at most 100 characters')
      .refine((value) => /[\p{L}\p{N}]/u.test(value), 'must contain a letter or digit')
      .nullish(),
  })
  .refine((f) => f.minMembers == null || f.maxMembers == null || f.minMembers <= f.maxMembers, {
    path: ['maxMembers'],
    message: 'must not be below minMembers',
  });

export type ChatRoomFilterValues = z.infer<typeof chatRoomFilterSchema>;
