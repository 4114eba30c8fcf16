/** Input validation with zod; the first problem becomes a BAD_USER_INPUT naming the field. */
import type { z } from 'zod';

import { BadUserInputError } from './errors.js';

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
