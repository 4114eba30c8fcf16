import type { ValueTransformer } from 'typeorm';

/** pg returns `numeric` as a string (exact decimal); the API speaks Float. */
export const numericColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value == null ? value : Number(value)),
};
