import { randomUUID } from 'node:crypto';
import type { SimulatedToolCall } from './build-tool-calls';

/** `usage` as AskSage sends it when the request had `usage: true` (query-success-usage.json). */
export interface SimulatedUsage {
  model_tokens: { completion_tokens: number; prompt_tokens: number; total_tokens: number };
  asksage_tokens: number;
}

/** Everything that varies between `/query` envelopes. */
export interface QueryEnvelopeInput {
  generation: '2026-09' | '2026-04';
  /** The full `message` field, "\n\n" prefix included when wanted. */
  message: string;
  type: 'completion' | 'teach' | 'yield';
  toolCalls: SimulatedToolCall[] | null;
  toolCallsUnified: SimulatedToolCall[] | null;
  usage: SimulatedUsage | null;
  /** 2026-09 provenance; null on yield frames. */
  provenance: { model: string; datasets: unknown; personaId: number; timestamp: string } | null;
  uuid?: string;
}

/**
 * The `/query` envelope in one of the two recorded generations (protocol doc §2.3):
 * 2026-09 (api.asksage.ai) in its recorded key order with error/provenance/citations/sources, or
 * 2026-04 (health.mil) with sorted keys, `null` lists and none of the newer keys.
 */
export function buildQueryEnvelope(input: QueryEnvelopeInput): Record<string, unknown> {
  const uuid = input.uuid ?? randomUUID();
  if (input.generation === '2026-04') {
    return {
      added_obj: null,
      embedding_down: false,
      message: input.message,
      references: '',
      response: 'OK',
      status: 200,
      tool_calls: input.toolCalls,
      tool_calls_unified: input.toolCallsUnified,
      tool_responses: null,
      type: input.type,
      usage: input.usage,
      uuid,
      vectors_down: false,
    };
  }
  const provenance = input.provenance;
  return {
    response: 'OK',
    message: input.message,
    embedding_down: false,
    vectors_down: false,
    uuid,
    references: '',
    type: input.type,
    added_obj: null,
    tool_calls: input.toolCalls,
    usage: input.usage,
    tool_responses: [],
    tool_calls_unified: input.toolCallsUnified ?? [],
    error: null,
    provenance: provenance && {
      model: provenance.model,
      datasets: provenance.datasets,
      persona: { id: provenance.personaId, version: null },
      agents: [],
      timestamp: provenance.timestamp,
    },
    citations: [],
    sources: [],
    status: 200,
  };
}

/** A Python-style UTC timestamp with microseconds, as in the recorded provenance ("2026-09-26T04:04:43.724683+00:00"). */
export function formatProvenanceTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, -1)}000+00:00`;
}
