import type { Config } from '../config.js';
import type { VenuePort } from '../../sagas/execution/venuePort.js';
import { createHttpVenue } from './httpVenue.js';
import { createSimulatedVenue } from './simulatedVenue.js';

/** The venue of config.VENUE, or null when trade execution is off. */
export const venueFromConfig = (config: Config, now: () => Date = () => new Date()): VenuePort | null => {
  switch (config.VENUE) {
    case 'none':
      return null;
    case 'simulated': {
      const delays = config.VENUE_SIM_FILL_DELAYS_MS;
      return createSimulatedVenue({ now, price: config.VENUE_SIM_PRICE, parts: delays.map((delayMs) => ({ fraction: 1 / delays.length, delayMs })) });
    }
    case 'http':
      return createHttpVenue({ baseUrl: config.VENUE_URL!, timeoutMs: config.VENUE_TIMEOUT_MS, apiKey: config.VENUE_API_KEY ?? null });
  }
};
