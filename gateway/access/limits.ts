/**
 * Operation limits, on by default: depth, aliases, root fields, document size and an
 * estimated cost (fields weighted by the list sizes above them, measured by walk.ts). Exceeding
 * one refuses the operation with OPERATION_LIMIT_EXCEEDED before anything is planned.
 *
 * The walk checks the measured limits after every field it counts and stops at the first one
 * exceeded: a small document whose fragments expand exponentially (`...F1 ...F1` nested twenty
 * deep) is refused after a few thousand steps instead of being expanded in full.
 */
import type { OperationMeasure } from './walk.js';

export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxRootFields: number;
  readonly maxDocumentBytes: number;
  readonly maxCost: number;
  /**
   * Field selections after fragments are expanded, every occurrence counted: what the walk
   * itself (and the planner after it) must work through, whatever the estimated cost says.
   */
  readonly maxFields: number;
}

/** A limit exceeded: which one (a metric label) and the sentence the caller reads. */
export interface ExceededLimit {
  readonly limit: 'document_bytes' | 'depth' | 'aliases' | 'root_fields' | 'fields' | 'cost';
  readonly message: string;
}

/** Thrown by the walk the moment a measured limit is exceeded. */
export class OperationLimitExceeded extends Error {
  constructor(readonly exceeded: ExceededLimit) {
    super(exceeded.message);
    this.name = 'OperationLimitExceeded';
  }
}

/** The document-size limit, checked before anything is walked. */
export function documentTooLarge(
  documentBytes: number,
  limits: OperationLimits,
): ExceededLimit | undefined {
  return documentBytes > limits.maxDocumentBytes
    ? {
        limit: 'document_bytes',
        message: `Document is ${documentBytes} bytes; the limit is ${limits.maxDocumentBytes}`,
      }
    : undefined;
}

/** The first measured limit the operation exceeds; undefined if none. */
export function exceededLimit(
  measure: OperationMeasure,
  limits: OperationLimits,
): ExceededLimit | undefined {
  if (measure.depth > limits.maxDepth) {
    const message = `Operation depth ${measure.depth} exceeds the limit of ${limits.maxDepth}`;
    return { limit: 'depth', message };
  }
  if (measure.aliases > limits.maxAliases) {
    const message = `Operation uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}`;
    return { limit: 'aliases', message };
  }
  if (measure.rootFields > limits.maxRootFields) {
    const message = `Operation has ${measure.rootFields} root fields; the limit is ${limits.maxRootFields}`;
    return { limit: 'root_fields', message };
  }
  if (measure.fields > limits.maxFields) {
    const message = `Operation selects more than ${limits.maxFields} fields once its fragments are expanded`;
    return { limit: 'fields', message };
  }
  if (measure.cost > limits.maxCost) {
    const message = `Estimated cost ${measure.cost} exceeds the limit of ${limits.maxCost}`;
    return { limit: 'cost', message };
  }
  return undefined;
}
