import { Field, GraphQLISODateTime, ID, InputType, Int, registerEnumType } from 'type-graphql';

import { ObservationKind } from '../entities/observation.entity.js';

/** Which part of a RoomIntelInput carries the item. */
export enum RoomIntelKind {
  ROOM = 'ROOM',
  HANDLE = 'HANDLE',
  INTRODUCTION = 'INTRODUCTION',
  OBSERVATION = 'OBSERVATION',
  CASE_LINK = 'CASE_LINK',
}
registerEnumType(RoomIntelKind, { name: 'RoomIntelKind' });

@InputType({ description: 'A chat room.' })
export class IntelRoomInput {
  @Field(() => String, { description: 'Platform code, e.g. "nightowl" (created when new).' })
  platform!: string;

  @Field(() => String)
  externalRoomId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  city!: string;

  @Field(() => Int, { nullable: true })
  capacity?: number | null;

  @Field(() => Int)
  memberCount!: number;

  @Field(() => String, { nullable: true, description: 'HH:MM, China Standard Time.' })
  activeFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'HH:MM; before activeFrom past midnight.' })
  activeTo?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default false.' })
  inviteOnly?: boolean | null;

  @Field(() => GraphQLISODateTime)
  firstSeen!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Default firstSeen.' })
  lastSeen?: Date | null;
}

@InputType({ description: 'A user name seen in a room.' })
export class IntelHandleInput {
  @Field(() => String, { description: 'externalId of the room item (pushed now or before).' })
  room!: string;

  @Field(() => String, {
    nullable: true,
    description: "The room item's source; default: this item's.",
  })
  roomSource?: string | null;

  @Field(() => String)
  handle!: string;

  @Field(() => ID, { nullable: true, description: 'The narcotics Person behind it, if known.' })
  personId?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  firstSeen?: Date | null;
}

@InputType({ description: 'An introducer handle let a newcomer handle into a room.' })
export class IntelIntroductionInput {
  @Field(() => String, { description: 'externalId of the introducer handle item.' })
  introducer!: string;

  @Field(() => String, { nullable: true, description: "Its source; default: this item's." })
  introducerSource?: string | null;

  @Field(() => String, { description: 'externalId of the newcomer handle item.' })
  newcomer!: string;

  @Field(() => String, { nullable: true, description: "Its source; default: this item's." })
  newcomerSource?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "externalId of the room; default: the newcomer's room.",
  })
  room?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The room item's source; default: this item's.",
  })
  roomSource?: string | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@InputType({ description: 'What an officer saw in a room.' })
export class IntelObservationInput {
  @Field(() => String, { description: 'externalId of the room item (pushed now or before).' })
  room!: string;

  @Field(() => String, {
    nullable: true,
    description: "The room item's source; default: this item's.",
  })
  roomSource?: string | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => ObservationKind)
  kind!: ObservationKind;

  @Field(() => String)
  summary!: string;

  @Field(() => String, { description: 'SHA-256 of the evidence, 64 hex digits.' })
  evidenceHash!: string;

  @Field(() => String)
  reportingOfficer!: string;
}

@InputType({ description: 'A room tied to a narcotics case.' })
export class IntelCaseLinkInput {
  @Field(() => String, { description: 'externalId of the room item (pushed now or before).' })
  room!: string;

  @Field(() => String, {
    nullable: true,
    description: "The room item's source; default: this item's.",
  })
  roomSource?: string | null;

  @Field(() => ID)
  caseId!: string;
}

/** One pushed item: `kind` names the one part that is set. */
@InputType({
  description:
    'One pushed item. `source` and `externalId` identify it: pushing it again changes nothing. ' +
    'Exactly the part named by `kind` is set. An item names another by its externalId (and ' +
    'source, by default its own); the other may come earlier in the same push or in an earlier one.',
})
export class RoomIntelInput {
  @Field(() => RoomIntelKind)
  kind!: RoomIntelKind;

  @Field(() => String, {
    description: 'Who pushes it, e.g. "gs-cyber" (1–64 of A-Z a-z 0-9 . _ : -).',
  })
  source!: string;

  @Field(() => String, { description: "The pusher's own id of the item (unique per source)." })
  externalId!: string;

  @Field(() => IntelRoomInput, { nullable: true })
  room?: IntelRoomInput | null;

  @Field(() => IntelHandleInput, { nullable: true })
  handle?: IntelHandleInput | null;

  @Field(() => IntelIntroductionInput, { nullable: true })
  introduction?: IntelIntroductionInput | null;

  @Field(() => IntelObservationInput, { nullable: true })
  observation?: IntelObservationInput | null;

  @Field(() => IntelCaseLinkInput, { nullable: true })
  caseLink?: IntelCaseLinkInput | null;
}
