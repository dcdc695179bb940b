import type { z } from 'zod';

/** The union of a context's events, `{ type, data }`, from its map of event type → zod payload schema. */
export type EventOf<Schemas extends Readonly<Record<string, z.ZodType>>> = {
  [T in keyof Schemas & string]: Readonly<{ type: T; data: z.infer<Schemas[T]> }>;
}[keyof Schemas & string];
