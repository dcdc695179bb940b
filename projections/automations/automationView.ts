export type AutomationView = Readonly<{
  tenant: string;
  id: string;
  name: string;
  eventType: string;
  filter: Readonly<Record<string, unknown>>;
  action: Readonly<{ kind: 'WEBHOOK' | 'COMMAND'; url: string | null; command: string | null; input: Readonly<Record<string, unknown>> }>;
  maxAttempts: number;
  status: 'ACTIVE' | 'DISABLED';
  createdBy: string;
  createdAt: string;
  /** The log position of AutomationCreated: it reacts to later events only. */
  createdPosition: number;
}>;

export type DeliveryAttempt = Readonly<{ attempt: number; at: string; ok: boolean; statusCode: number | null; error: string | null; durationMs: number }>;

export type AutomationDelivery = Readonly<{
  id: string;
  automationId: string;
  eventId: string;
  eventType: string;
  eventPosition: number;
  status: 'PENDING' | 'DELIVERED' | 'PARKED';
  /** Failures since it was created or last replayed. */
  failures: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  attempts: readonly DeliveryAttempt[];
}>;
