/**
 * The AI port: what document processing (and later other features) need from a language model.
 * Adapters live in infra/ai: an OpenAI-compatible one, a local deterministic one, and a failover chain.
 * Every result carries its usage, so the caller can record it in an event (replays never call the model).
 */
export type AiMessage = Readonly<{ role: 'system' | 'user' | 'assistant'; content: string }>;

export type AiOperation = 'embed' | 'complete';

export type AiUsage = Readonly<{
  /** The adapter that answered, e.g. `openai` or `local` (after failover, the fallback's name). */
  provider: string;
  model: string;
  operation: AiOperation;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
}>;

export type EmbedResult = Readonly<{ vectors: readonly (readonly number[])[]; usage: AiUsage }>;

export type CompleteOptions = Readonly<{
  maxTokens?: number;
  temperature?: number;
  /** `json`: the answer must be one JSON object (OpenAI's response_format json_object). */
  responseFormat?: 'text' | 'json';
  signal?: AbortSignal;
}>;

export type CompleteResult = Readonly<{ text: string; usage: AiUsage }>;

export type AiHealth = Readonly<{
  provider: string;
  status: 'up' | 'degraded' | 'down';
  latencyMs: number;
  detail: string | null;
}>;

export type AiProvider = Readonly<{
  name: string;
  embed: (texts: readonly string[], options?: Readonly<{ signal?: AbortSignal }>) => Promise<EmbedResult>;
  complete: (messages: readonly AiMessage[], options?: CompleteOptions) => Promise<CompleteResult>;
  health: () => Promise<readonly AiHealth[]>;
}>;
