import type { AlertCommands } from '../../../commands/alerts/alertCommands.js';
import type { IdentityCommands } from '../../../commands/identity/identityCommands.js';
import { mailboxOf, type MailboxMessage } from '../../../infra/email/localMailbox.js';
import type { Sql } from '../../../infra/db/db.js';
import { alertHistory, alertUpdatesAfter, getAlert, listAlerts, type AlertUpdate } from '../../../projections/alerts/alertQueries.js';
import type { AlertView } from '../../../projections/alerts/alertView.js';
import type { HotAlerts } from '../../../projections/alerts/hotAlerts.js';
import { getUser } from '../../../projections/identity/usersProjection.js';
import type { UserView } from '../../../projections/identity/userView.js';
import type { SagaStatus } from '../../../sagas/saga.js';
import { getSaga, listSagas } from '../../../sagas/sagaQueries.js';
import type { SagaView } from '../../../sagas/sagaView.js';
import type { CallerContext } from '../../gatewayServices.js';

export type ContextCommandResult = Readonly<{ position: number; appended: boolean }>;
type Command<R> = (input: unknown, caller: CallerContext) => Promise<ContextCommandResult & R>;

/** Identity as the gateway uses it: registerUser, the users read model and the local mailbox. */
export type IdentityServices = Readonly<{
  registerUser: Command<{ userId: string }>;
  getUser: (q: { tenant: string; id: string }) => Promise<UserView | null>;
  mailbox: (q: { tenant: string; userId: string }) => Promise<readonly MailboxMessage[]>;
}>;

export type AlertServices = Readonly<{
  raiseAlert: Command<{ alertId: string }>;
  acknowledgeAlert: Command<{ alertId: string }>;
  resolveAlert: Command<{ alertId: string }>;
  getAlert: (q: { tenant: string; id: string }) => Promise<AlertView | null>;
  listAlerts: (q: { tenant: string; status?: AlertView['status'] | null; severity?: AlertView['severity'] | null; first?: number }) => Promise<readonly AlertView[]>;
  alertHistory: (q: { tenant: string; id: string }) => Promise<readonly AlertUpdate[]>;
  alertUpdatesAfter: (q: { tenant: string; after: number; limit: number }) => Promise<readonly AlertUpdate[]>;
}>;

export type SagaServices = Readonly<{
  getSaga: (q: { tenant: string; id: string }) => Promise<SagaView | null>;
  listSagas: (q: { tenant: string; name?: string | null; status?: SagaStatus | null; first?: number }) => Promise<readonly SagaView[]>;
}>;

/** The open alerts in Redis, and how far they have caught up with the `alerts` projection. */
export type HotAlertsReads = Readonly<{
  hot: HotAlerts;
  waitFor: (position: number, options: { timeoutMs: number }) => Promise<void>;
  projectionPosition: () => number;
}>;

const HOT_WAIT_MS = 1000;

/**
 * Unresolved alerts come from the hot copy once it has caught up with what the `alerts` projection had
 * applied when the query came (so `consistentWith` holds for it too); everything else, or a copy that
 * lags, is read from PostgreSQL.
 */
const bindListAlerts = (sql: Sql, hot: HotAlertsReads | null): AlertServices['listAlerts'] => async (q) => {
  if (hot !== null && (q.status === 'OPEN' || q.status === 'ACKNOWLEDGED')) {
    const reached = await hot.waitFor(hot.projectionPosition(), { timeoutMs: HOT_WAIT_MS }).then(() => true, () => false);
    if (reached) return hot.hot.listOpen(q.tenant, { status: q.status, severity: q.severity ?? null, first: q.first ?? 100 });
  }
  return listAlerts(sql, q);
};

/** The identity, alerts and sagas services of the gateway, bound to the read models' SQL and the commands. */
export const bindContextServices = ({ sql, identity, alerts, hotAlerts = null }: { sql: Sql; identity: IdentityCommands; alerts: AlertCommands; hotAlerts?: HotAlertsReads | null }) => ({
  identity: {
    registerUser: (input, caller) => identity.registerUser(input, caller),
    getUser: (q) => getUser(sql, q),
    mailbox: (q) => mailboxOf(sql, q),
  } satisfies IdentityServices,
  alerts: {
    raiseAlert: (input, caller) => alerts.raiseAlert(input, caller),
    acknowledgeAlert: (input, caller) => alerts.acknowledgeAlert(input, caller),
    resolveAlert: (input, caller) => alerts.resolveAlert(input, caller),
    getAlert: (q) => getAlert(sql, q),
    listAlerts: bindListAlerts(sql, hotAlerts),
    alertHistory: (q) => alertHistory(sql, q),
    alertUpdatesAfter: (q) => alertUpdatesAfter(sql, q),
  } satisfies AlertServices,
  sagas: { getSaga: (q) => getSaga(sql, q), listSagas: (q) => listSagas(sql, q) } satisfies SagaServices,
});
