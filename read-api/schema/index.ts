// Loads every part of the GraphQL schema for its side effect on the builder (see STYLE.md: index.ts only as a loader).
import './scalars.js';
import './trading/tradeType.js';
import './trading/positionType.js';
import './trading/eventRecordType.js';
import './trading/tradeQueries.js';
import './trading/streamEventsQuery.js';
import './trading/tradeMutations.js';
import './trading/tradeSubscriptions.js';
import './identity/userType.js';
import './identity/identityFields.js';
import './alerts/alertType.js';
import './alerts/alertFields.js';
import './sagas/sagaType.js';
import './sagas/sagaFields.js';
