import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { listSize } from '../../kit/index.js';

/** Hashes in a proof: ⌈log2 n⌉ at most (64 covers any tree this log can grow). */
const PROOF_HASHES = 64;

@ObjectType({
  description:
    'A signed checkpoint of the audit log: the Merkle tree of its first `size` records, signed ' +
    'by the gateway’s checkpoint key (C2SP signed note) and co-signed by witnesses.',
})
export class AuditCheckpoint {
  @Field(() => Int, { description: 'Records the checkpoint covers (the tree’s size).' })
  size!: number;

  @Field(() => String, { description: 'The tree’s root hash, base64 (RFC 6962).' })
  rootHash!: string;

  @Field(() => ID, { description: 'The last record it covers.' })
  lastRecordId!: string;

  @Field(() => String, {
    description:
      'The signed note as signed, witness co-signature lines appended: check it offline.',
  })
  note!: string;

  @Field(() => [String], { description: 'Witnesses whose co-signatures the hub stored.' })
  @Directive(listSize(PROOF_HASHES))
  cosignedBy!: string[];
}

@ObjectType({ description: 'An RFC 6962 inclusion proof of one audit record in a checkpoint.' })
export class AuditInclusionProof {
  @Field(() => ID)
  recordId!: string;

  @Field(() => Int, { description: 'The record’s leaf index in the tree.' })
  leafIndex!: number;

  @Field(() => String, {
    description: 'The leaf’s bytes, base64: the record’s stored values as a JSON array.',
  })
  leaf!: string;

  @Field(() => [String], { description: 'The audit path, base64 hashes, leaf to root.' })
  @Directive(listSize(PROOF_HASHES))
  hashes!: string[];

  @Field(() => AuditCheckpoint)
  checkpoint!: AuditCheckpoint;
}

@ObjectType({ description: 'An RFC 6962 consistency proof between two checkpointed sizes.' })
export class AuditConsistencyProof {
  @Field(() => Int)
  fromSize!: number;

  @Field(() => Int)
  toSize!: number;

  @Field(() => [String], { description: 'base64 hashes (RFC 6962 §2.1.2 order).' })
  @Directive(listSize(PROOF_HASHES))
  hashes!: string[];
}
