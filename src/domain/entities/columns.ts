import { ValueTransformer } from 'typeorm';

/** Epoch-millisecond BIGINT columns read back as numbers on both engines. */
export const epochMillis: ValueTransformer = {
  to: (value?: number) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** `role_ids` is a JSON array kept as TEXT, which both engines store the same way. */
export const jsonNumberArray: ValueTransformer = {
  to: (value?: number[]) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value ? (JSON.parse(value) as number[]) : []),
};
