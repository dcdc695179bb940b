/** A timestamptz as the pg driver returns it (a Date, or text) → ISO 8601 UTC with milliseconds. */
export const isoTime = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();

/** A bigint column (text from the driver) → number. Positions and versions stay far below 2^53. */
export const int = (value: unknown): number => Number(value);

/** A nullable double precision column → number | null. */
export const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
