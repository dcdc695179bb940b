import type { Log } from '../../../commands/log.js';
import { ConfigError, type Config } from '../../../infra/config.js';
import type { Db } from '../../../infra/db/db.js';
import { enablePgvector } from '../../../infra/db/pgvector.js';
import { pgvectorSearch } from '../../../projections/search/pgvectorSearch.js';
import { createSemanticIndex } from '../../../projections/search/semanticIndex.js';
import { semanticSearch, type SemanticSearch } from '../../../projections/search/semanticSearch.js';

export type SemanticSearchChoice = Readonly<{ name: 'pgvector' | 'process' | 'sql'; search: SemanticSearch; detail: string }>;

/**
 * How semantic search computes its cosines, from SEARCH_SEMANTIC, decided at start: `auto` uses pgvector
 * when the server has it (set up by enablePgvector) and the in-process index otherwise; `pgvector` refuses
 * to start without it; `process` is the in-process index (a cached matrix per tenant and model); `sql`
 * is plain SQL over real[] (no cache, slowest).
 */
const choose = async (setting: Config['SEARCH_SEMANTIC'], db: Db): Promise<SemanticSearchChoice> => {
  if (setting === 'sql') return { name: 'sql', search: semanticSearch, detail: 'SQL over real[]' };
  const inProcess = { name: 'process', search: createSemanticIndex().search } as const;
  if (setting === 'process') return { ...inProcess, detail: 'in-process index' };
  const pgvector = await enablePgvector(db);
  if (pgvector.enabled) return { name: 'pgvector', search: pgvectorSearch, detail: pgvector.detail };
  if (setting === 'pgvector') throw new ConfigError([`SEARCH_SEMANTIC: pgvector is not available: ${pgvector.detail}`]);
  return { ...inProcess, detail: `in-process index (${pgvector.detail})` };
};

/** The choice, made once at start and logged. */
export const semanticSearchFromConfig = async (config: Pick<Config, 'SEARCH_SEMANTIC'>, db: Db, log: Log): Promise<SemanticSearchChoice> => {
  const choice = await choose(config.SEARCH_SEMANTIC, db);
  log.info({ semanticSearch: choice.name, detail: choice.detail }, 'semantic search');
  return choice;
};
