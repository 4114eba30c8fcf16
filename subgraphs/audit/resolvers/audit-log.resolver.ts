import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';

import { AUDIT_READ } from '../directives.js';
import {
  AuditCheckpoint,
  AuditConsistencyProof,
  AuditInclusionProof,
} from '../entities/audit-log-proof.type.js';
import type { AuditContext } from '../loaders.js';
import {
  currentCheckpoint,
  recordProof,
  sizesProof,
} from '../repositories/audit-log.repository.js';

/** The audit log's Merkle proofs, for audit teams: check them against a signed checkpoint. */
@Resolver()
export class AuditLogResolver {
  @Query(() => AuditCheckpoint, {
    nullable: true,
    description: 'The latest signed checkpoint of the audit log (null while the log is empty).',
  })
  @Directive(AUDIT_READ)
  async auditCheckpoint(@Ctx() { scope }: AuditContext): Promise<AuditCheckpoint | null> {
    return currentCheckpoint(await scope.manager());
  }

  @Query(() => AuditInclusionProof, {
    nullable: true,
    description:
      'A proof that audit record `recordId` is in the latest checkpoint (null: no such record).',
  })
  @Directive(AUDIT_READ)
  async auditProof(
    @Arg('recordId', () => ID) recordId: string,
    @Ctx() { scope }: AuditContext,
  ): Promise<AuditInclusionProof | null> {
    return recordProof(await scope.manager(), recordId);
  }

  @Query(() => AuditConsistencyProof, {
    description: 'A proof that the checkpoint of `toSize` records extends the one of `fromSize`.',
  })
  @Directive(AUDIT_READ)
  async auditConsistency(
    @Arg('fromSize', () => Int) fromSize: number,
    @Arg('toSize', () => Int) toSize: number,
    @Ctx() { scope }: AuditContext,
  ): Promise<AuditConsistencyProof> {
    return sizesProof(await scope.manager(), fromSize, toSize);
  }
}
