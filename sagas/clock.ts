/** The saga runtime's clock port: tests move time instead of waiting. */
export type Clock = Readonly<{ now: () => Date }>;

export const systemClock: Clock = { now: () => new Date() };
