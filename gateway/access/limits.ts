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

/** Thrown by the walk the moment a measured limit is exceeded. */
export class OperationLimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationLimitExceeded';
  }
}

/** The document-size limit, checked before anything is walked. */
export function documentTooLarge(
  documentBytes: number,
  limits: OperationLimits,
): string | undefined {
  return documentBytes > limits.maxDocumentBytes
    ? `Document is ${documentBytes} bytes; the limit is ${limits.maxDocumentBytes}`
    : undefined;
}

/** The first measured limit the operation exceeds, as a sentence for the caller; or undefined. */
export function exceededLimit(
  measure: OperationMeasure,
  limits: OperationLimits,
): string | undefined {
  if (measure.depth > limits.maxDepth) {
    return `Operation depth ${measure.depth} exceeds the limit of ${limits.maxDepth}`;
  }
  if (measure.aliases > limits.maxAliases) {
    return `Operation uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}`;
  }
  if (measure.rootFields > limits.maxRootFields) {
    return `Operation has ${measure.rootFields} root fields; the limit is ${limits.maxRootFields}`;
  }
  if (measure.fields > limits.maxFields) {
    return `Operation selects more than ${limits.maxFields} fields once its fragments are expanded`;
  }
  if (measure.cost > limits.maxCost) {
    return `Estimated cost ${measure.cost} exceeds the limit of ${limits.maxCost}`;
  }
  return undefined;
}
