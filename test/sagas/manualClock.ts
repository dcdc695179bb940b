import type { Clock } from '../../sagas/clock.js';

/** A clock that stands still until the test moves it. */
export const createManualClock = (start = '2026-01-05T09:00:00.000Z'): Clock & { advance: (ms: number) => void; set: (iso: string) => void } => {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (iso) => {
      now = new Date(iso).getTime();
    },
  };
};
