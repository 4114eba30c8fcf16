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

/** A limit exceeded: which one (a metric label) and the sentence the caller reads. */
export interface ExceededLimit {
  readonly limit: 'document_bytes' | 'depth' | 'aliases' | 'root_fields' | 'cost';
  readonly message: string;
}

/** The first limit the operation exceeds; undefined if none. */
export function exceededLimit(
  measure: OperationMeasure,
  documentBytes: number,
  limits: OperationLimits,
): ExceededLimit | undefined {
  if (documentBytes > limits.maxDocumentBytes) {
    const message = `Document is ${documentBytes} bytes; the limit is ${limits.maxDocumentBytes}`;
    return { limit: 'document_bytes', message };
  }
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
  if (measure.cost > limits.maxCost) {
    const message = `Estimated cost ${measure.cost} exceeds the limit of ${limits.maxCost}`;
    return { limit: 'cost', message };
  }
  return undefined;
}
