import type { AiBudget } from '../../commands/documents/aiBudget.js';
import type { Sql } from '../../infra/db/db.js';

export type AiUsageSummary = Readonly<{
  tenant: string;
  from: string;
  to: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  byModel: readonly Readonly<{ provider: string; model: string; calls: number; promptTokens: number; completionTokens: number; costUsd: number }>[];
}>;

type Row = { provider: string; model: string; calls: string; prompt_tokens: string; completion_tokens: string; cost_usd: number };

/** A tenant's AI calls, tokens and cost with recorded_at in [from, to), in total and per provider and model. */
export const aiUsage = async (sql: Sql, tenant: string, { from, to }: Readonly<{ from: Date; to: Date }>): Promise<AiUsageSummary> => {
  const { rows } = await sql.query<Row>(
    `SELECT provider, model, count(*) AS calls, sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens, sum(cost_usd)::float8 AS cost_usd
     FROM ai_usage WHERE tenant = $1 AND recorded_at >= $2 AND recorded_at < $3
     GROUP BY provider, model ORDER BY provider, model`,
    [tenant, from, to],
  );
  const byModel = rows.map((r) => ({ provider: r.provider, model: r.model, calls: Number(r.calls), promptTokens: Number(r.prompt_tokens), completionTokens: Number(r.completion_tokens), costUsd: round(r.cost_usd) }));
  const total = (key: 'calls' | 'promptTokens' | 'completionTokens' | 'costUsd') => byModel.reduce((sum, m) => sum + m[key], 0);
  return { tenant, from: from.toISOString(), to: to.toISOString(), calls: total('calls'), promptTokens: total('promptTokens'), completionTokens: total('completionTokens'), costUsd: round(total('costUsd')), byModel };
};

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The calendar month (UTC) that holds `at`. */
export const monthOf = (at: Date): Readonly<{ from: Date; to: Date }> => ({
  from: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)),
  to: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)),
});

/** A monthly cost budget per tenant from the ai_usage ledger; 0 means no budget. */
export const monthlyAiBudget = (sql: Sql, monthlyUsd: number, clock: () => Date = () => new Date()): AiBudget => ({
  allows: async (tenant) => monthlyUsd <= 0 || (await aiUsage(sql, tenant, monthOf(clock()))).costUsd < monthlyUsd,
});
