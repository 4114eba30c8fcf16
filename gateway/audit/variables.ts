/**
 * Variables as the audit trail keeps them (schema/audit-row.ts `HashedValue`): ids, enums,
 * numbers and booleans as sent; every other value as a keyed hash with its length. The
 * operation's declared types decide which is which; anything undeclared (GraphQL ignores extra
 * variables, so a client may attach anything) or of an unexpected shape is hashed.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';

import { escapeStored, type HashedValue, type ValueHasher } from '../../schema/audit-row.js';

import type { InlineLiteral } from './literals.js';

/** Longest id or enum value kept whole; longer ones keep this many characters, length and hash. */
const MAX_KEPT_LENGTH = 128;
/** Longest variable or field name kept (names are the client's text too). */
const MAX_NAME_LENGTH = 64;
const KEPT_PREFIX = 32;
/** Deeper subtrees are hashed whole. */
const MAX_DEPTH = 12;
/**
 * Values beyond this many in one request — every name counts, null or not — are hashed as one,
 * so no request can make its record large enough to slow the store for the requests beside it.
 */
const MAX_VALUES = 256;

/** JSON text of any parsed value; a structure too deep even for JSON.stringify gets a marker. */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[too deep to serialize]';
  }
}

export interface AuditedVariables {
  readonly variables: unknown;
  readonly valueHashes: string[];
}

class Auditor {
  readonly hashes = new Set<string>();
  private count = 0;

  constructor(private readonly hash: ValueHasher) {}

  private hashed(text: string, truncated?: HashedValue['truncated']): HashedValue {
    const hmac = this.hash(text);
    this.hashes.add(hmac);
    return truncated ? { hmac, length: text.length, truncated } : { hmac, length: text.length };
  }

  private kept(text: string): string | HashedValue {
    const hmac = this.hash(text);
    this.hashes.add(hmac);
    if (text.length <= MAX_KEPT_LENGTH) {
      return escapeStored(text);
    }
    return { hmac, length: text.length, prefix: escapeStored(text.slice(0, KEPT_PREFIX)) };
  }

  /**
   * `value` as the trail keeps it; `declared` gives the types of an object's entries where no
   * input type does (the request's variables, typed by the operation's declarations).
   */
  value(
    value: unknown,
    type: GraphQLInputType | undefined,
    depth: number,
    declared?: ReadonlyMap<string, GraphQLInputType>,
  ): unknown {
    this.count += 1;
    if (value === null || value === undefined) {
      return null;
    }
    if (depth > MAX_DEPTH) {
      return this.hashed(jsonText(value), 'depth');
    }
    const nullable = type && isNonNullType(type) ? type.ofType : type;
    if (nullable && isListType(nullable)) {
      return Array.isArray(value)
        ? this.list(value, nullable.ofType, depth)
        : this.value(value, nullable.ofType, depth + 1);
    }
    if (Array.isArray(value)) {
      return this.list(value, undefined, depth);
    }
    const named = nullable ? getNamedType(nullable) : undefined;
    if (typeof value === 'object') {
      const fields = named && isInputObjectType(named) ? named.getFields() : undefined;
      const entries = Object.entries(value as Record<string, unknown>);
      const kept: [string, unknown][] = [];
      for (const [i, [key, inner]] of entries.entries()) {
        if (this.count >= MAX_VALUES) {
          kept.push(['…', this.rest(Object.fromEntries(entries.slice(i)))]);
          break;
        }
        kept.push([
          escapeStored(key.slice(0, MAX_NAME_LENGTH)),
          this.value(inner, fields?.[key]?.type ?? declared?.get(key), depth + 1),
        ]);
      }
      return Object.fromEntries(kept);
    }
    return this.scalar(value, named);
  }

  private list(items: unknown[], type: GraphQLInputType | undefined, depth: number): unknown[] {
    const kept: unknown[] = [];
    for (const [i, item] of items.entries()) {
      if (this.count >= MAX_VALUES) {
        kept.push(this.rest(items.slice(i)));
        break;
      }
      kept.push(this.value(item, type, depth + 1));
    }
    return kept;
  }

  /** What is left once a request has used its values: one hash for all of it. */
  private rest(value: unknown): HashedValue {
    return this.hashed(jsonText(value), 'count');
  }

  private scalar(value: unknown, named: ReturnType<typeof getNamedType> | undefined): unknown {
    if (named && isEnumType(named) && typeof value === 'string' && named.getValue(value)) {
      return this.kept(value);
    }
    if (named && isScalarType(named)) {
      if (named.name === 'ID' && (typeof value === 'string' || typeof value === 'number')) {
        return this.kept(String(value));
      }
      if (named.name === 'Int' || named.name === 'Float') {
        if (typeof value === 'number') {
          return value;
        }
      }
      if (named.name === 'Boolean' && typeof value === 'boolean') {
        return value;
      }
    }
    return this.hashed(typeof value === 'string' ? value : jsonText(value));
  }
}

/**
 * The trail's form of a request's variables. `types` are the operation's declared variables;
 * undefined when the operation never resolved (then every value is hashed).
 */
export function auditVariables(
  variables: unknown,
  types: ReadonlyMap<string, GraphQLInputType> | undefined,
  hash: ValueHasher,
  literals: readonly InlineLiteral[] = [],
): AuditedVariables {
  // Inline literals are values like variables (kept or hashed by type) but are stored only
  // as hashes: the document's shape is in its hash, what it said inline in `value_hashes`.
  const inline = new Auditor(hash);
  for (const literal of literals) {
    inline.value(literal.value, literal.type, 1);
  }
  const auditor = new Auditor(hash);
  if (variables === null || variables === undefined) {
    return { variables: null, valueHashes: [...inline.hashes] };
  }
  const audited =
    typeof variables === 'object' && !Array.isArray(variables)
      ? auditor.value(variables, undefined, 0, types ?? new Map())
      : auditor.value(variables, undefined, 1);
  return { variables: audited, valueHashes: [...new Set([...inline.hashes, ...auditor.hashes])] };
}
