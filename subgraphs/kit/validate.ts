/** Input validation with zod; the first problem becomes a BAD_USER_INPUT naming the field. */
import { z } from 'zod';

import { BadUserInputError } from './errors.js';
import { internalId } from './ids.js';

export function validateInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new BadUserInputError(
    field ? `${field}: ${issue?.message ?? 'is invalid'}` : (issue?.message ?? 'Invalid input'),
    field || undefined,
  );
}

/**
 * An input naming a record of GraphQL type `type` by its opaque id; validates to the database
 * id. An id of another type, or none at all, is refused naming the field.
 */
export function idOf(type: string) {
  return z.string().transform((value, context) => {
    const id = internalId(type, value.trim());
    if (id === undefined) {
      context.addIssue({ code: 'custom', message: `must be the id of a ${type}` });
      return z.NEVER;
    }
    return id;
  });
}
