/**
 * Operation limits, on by default: depth, aliases, root fields, document size and an
 * estimated cost (fields weighted by the list sizes above them, measured by walk.ts). Exceeding
 * one refuses the operation with OPERATION_LIMIT_EXCEEDED before anything is planned.
 */
import type { OperationMeasure } from './walk.js';

export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxRootFields: number;
  readonly maxDocumentBytes: number;
  readonly maxCost: number;
}

/** The first limit the operation exceeds, as a sentence for the caller; undefined if none. */
export function exceededLimit(
  measure: OperationMeasure,
  documentBytes: number,
  limits: OperationLimits,
): string | undefined {
  if (documentBytes > limits.maxDocumentBytes) {
    return `Document is ${documentBytes} bytes; the limit is ${limits.maxDocumentBytes}`;
  }
  if (measure.depth > limits.maxDepth) {
    return `Operation depth ${measure.depth} exceeds the limit of ${limits.maxDepth}`;
  }
  if (measure.aliases > limits.maxAliases) {
    return `Operation uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}`;
  }
  if (measure.rootFields > limits.maxRootFields) {
    return `Operation has ${measure.rootFields} root fields; the limit is ${limits.maxRootFields}`;
  }
  if (measure.cost > limits.maxCost) {
    return `Estimated cost ${measure.cost} exceeds the limit of ${limits.maxCost}`;
  }
  return undefined;
}
