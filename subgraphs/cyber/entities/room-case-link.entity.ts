import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A room tied to a narcotics case (the case lives in another subgraph: kept by id). */
@Entity({ name: 'room_case_links' })
export class RoomCaseLink {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ name: 'pushed_by', type: 'varchar', length: 32 })
  pushedBy!: string;

  @Column({ type: 'varchar', length: 64 })
  source!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 128 })
  externalId!: string;

  @Column({ name: 'room_id', type: 'integer' })
  roomId!: number;

  @Column({ name: 'case_id', type: 'integer' })
  caseId!: number;
}
