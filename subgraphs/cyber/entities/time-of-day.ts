import type { ValueTransformer } from 'typeorm';

/** PostgreSQL `time` reads as `HH:MM:SS`; the API speaks `HH:MM`. */
export const timeOfDay: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : value.slice(0, 5)),
};
