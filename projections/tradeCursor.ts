/** An opaque page cursor for trades: the (placedAt, id) of the last trade of a page, base64url JSON. */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor(readonly cursor: string) {
    super('The cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

export type TradeCursor = Readonly<{ placedAt: string; id: string }>;

export const encodeTradeCursor = ({ placedAt, id }: TradeCursor): string => Buffer.from(JSON.stringify([placedAt, id])).toString('base64url');

export const decodeTradeCursor = (cursor: string): TradeCursor => {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && !Number.isNaN(Date.parse(value[0]))) {
      return { placedAt: value[0], id: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError(cursor);
};
