/** The value at a dotted path of an object (`order.side`), or undefined. */
const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined), value);

/** Whether an event's data matches a filter: every path equals its value (an empty filter matches all). */
export const matchesFilter = (filter: Readonly<Record<string, unknown>>, data: unknown): boolean =>
  Object.entries(filter).every(([path, expected]) => at(data, path) === expected);

/**
 * A command input for an event: string values that are exactly `{{data.<path>}}` (or `{{eventId}}`,
 * `{{type}}`) take the event's value; everything else stays as written.
 */
export const fillTemplate = (input: unknown, event: Readonly<{ eventId: string; type: string; data: unknown }>): unknown => {
  if (typeof input === 'string') {
    const match = /^\{\{\s*(eventId|type|data(?:\.[\w-]+)*)\s*\}\}$/.exec(input);
    if (match === null) return input;
    const path = match[1]!;
    if (path === 'eventId') return event.eventId;
    if (path === 'type') return event.type;
    return path === 'data' ? event.data : (at(event.data, path.slice('data.'.length)) ?? null);
  }
  if (Array.isArray(input)) return input.map((item) => fillTemplate(item, event));
  if (input !== null && typeof input === 'object') return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, fillTemplate(value, event)]));
  return input;
};
