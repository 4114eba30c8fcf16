/**
 * After execution: puts `null` where each removed field would have been, with one
 * UNAUTHORIZED_FIELD_OR_TYPE error per concrete path (aliases and list indices), nulls the
 * nearest nullable parent when a removed field is non-null (GraphQL's rules), and strips the
 * keys the pruner added.
 */
import { isListType, isNonNullType, type GraphQLOutputType } from 'graphql';

import { UnauthorizedFieldError } from '../../schema/errors.js';

import { PLACEHOLDER_KEY, TYPENAME_KEY, type Removal, type Segment } from './removal.js';

type Json = Record<string, unknown>;
type Path = (string | number)[];

export interface AppliedDenial {
  readonly path: readonly (string | number)[];
  readonly coordinate: string;
  readonly reason: string;
}

function applies(object: Json, segment: Segment): boolean {
  const typename = object[TYPENAME_KEY];
  return !segment.onTypes || typeof typename !== 'string' || segment.onTypes.has(typename);
}

class Applier {
  readonly denials: AppliedDenial[] = [];

  constructor(private readonly removal: Removal) {}

  /** Visits `object` at segment `i`; returns true when the object itself must become null. */
  object(object: Json, i: number, path: Path): boolean {
    const segment = this.removal.segments[i];
    if (!segment) {
      return false;
    }
    const last = i === this.removal.segments.length - 1;
    if (last) {
      if (!applies(object, segment)) {
        return false;
      }
      this.denials.push({
        path: [...path, segment.key],
        coordinate: this.removal.coordinate,
        reason: this.removal.reason,
      });
      if (isNonNullType(segment.type)) {
        return true;
      }
      object[segment.key] = null;
      return false;
    }
    const value = object[segment.key];
    if (value === undefined || value === null) {
      return false;
    }
    if (this.value(value, segment.type, i, [...path, segment.key])) {
      if (isNonNullType(segment.type)) {
        return true;
      }
      object[segment.key] = null;
    }
    return false;
  }

  /** Visits a field's value (lists unwrapped); returns true when the value must become null. */
  private value(value: unknown, type: GraphQLOutputType, i: number, path: Path): boolean {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (value === null || value === undefined) {
      return false;
    }
    if (isListType(inner)) {
      const items = value as unknown[];
      let invalid = false;
      items.forEach((item, index) => {
        if (this.value(item, inner.ofType, i, [...path, index])) {
          if (isNonNullType(inner.ofType)) {
            invalid = true;
          } else {
            items[index] = null;
          }
        }
      });
      return invalid;
    }
    return this.object(value as Json, i + 1, path);
  }
}

function strip(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(strip);
  } else if (value && typeof value === 'object') {
    const object = value as Json;
    Reflect.deleteProperty(object, TYPENAME_KEY);
    Reflect.deleteProperty(object, PLACEHOLDER_KEY);
    Object.values(object).forEach(strip);
  }
}

export interface AppliedResult {
  readonly data: Json | null | undefined;
  readonly errors: UnauthorizedFieldError[];
  readonly denials: AppliedDenial[];
}

/** Applies every removal to an execution result's data (mutated in place). */
export function applyRemovals(
  data: Json | null | undefined,
  removals: readonly Removal[],
): AppliedResult {
  const denials: AppliedDenial[] = [];
  let result = data;
  for (const removal of removals) {
    const applier = new Applier(removal);
    if (result) {
      if (applier.object(result, 0, [])) {
        result = null;
      }
    } else {
      // Nothing executed (or data null): report the removal at its path template.
      applier.denials.push(...templateDenials([removal]));
    }
    denials.push(...applier.denials);
  }
  strip(result);
  return { data: result, errors: unauthorizedErrors(denials), denials };
}

/** Denials at their path templates (no indices), for an operation that does not run. */
export function templateDenials(removals: readonly Removal[], note = ''): AppliedDenial[] {
  return removals.map((removal) => ({
    path: removal.segments.map((segment) => segment.key),
    coordinate: removal.coordinate,
    reason: `${removal.reason}${note}`,
  }));
}

/** One UNAUTHORIZED_FIELD_OR_TYPE error per denial, at its path. */
export function unauthorizedErrors(denials: readonly AppliedDenial[]): UnauthorizedFieldError[] {
  return denials.map((denial) => new UnauthorizedFieldError(denial.coordinate, denial.path));
}
