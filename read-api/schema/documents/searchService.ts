import { AiError } from '../../../commands/ai/aiError.js';
import type { AiProvider } from '../../../commands/ai/aiProvider.js';
import { recordSearchUsage } from '../../../commands/ai/recordSearchUsage.js';
import type { AiBudget } from '../../../commands/documents/aiBudget.js';
import type { EventStore } from '../../../commands/eventStore.js';
import { silentLog, type Log } from '../../../commands/log.js';
import type { Sql } from '../../../infra/db/db.js';
import { searchDocuments, type SearchHit, type SearchRequest } from '../../../projections/search/searchDocuments.js';
import type { SemanticSearch } from '../../../projections/search/semanticSearch.js';
import type { CallerContext } from '../../gatewayServices.js';

/** The local provider costs nothing and runs in process: its query embeddings are not recorded. */
const LOCAL_PROVIDER = 'local';

/**
 * Search as the gateway serves it. A query is embedded only while the tenant's AI budget allows, and a
 * remote provider's embedding is recorded as AiUsageRecorded (purpose `search.query`), so searches count
 * towards usage and budget. When the query cannot be embedded (the AI fails, or the budget is spent),
 * HYBRID answers with the keyword ranking alone and SEMANTIC fails with the AI error's code.
 */
export const createSearchService = ({ sql, store, ai, budget, semantic, log = silentLog }: {
  sql: Sql; store: EventStore; ai: AiProvider; budget: AiBudget; semantic: SemanticSearch; log?: Log;
}) => (request: SearchRequest, caller: CallerContext): Promise<SearchHit[]> => {
  const embedQuery = async (text: string) => {
    try {
      if (!(await budget.allows(request.tenant))) {
        throw new AiError('AI_BUDGET_EXCEEDED', `The AI budget of tenant ${request.tenant} for this month is spent; KEYWORD search still works`);
      }
      const { vectors, usage } = await ai.embed([text]);
      if (usage.provider !== LOCAL_PROVIDER) await recordSearchUsage(store, usage, caller);
      return { vector: vectors[0] ?? [], model: usage.model };
    } catch (error) {
      if (!(error instanceof AiError) || request.mode !== 'HYBRID') throw error;
      log.warn({ tenant: request.tenant, code: error.code, err: error }, 'hybrid search without the query embedding: keyword ranking only');
      return null;
    }
  };
  return searchDocuments(sql, embedQuery, request, { semantic });
};
