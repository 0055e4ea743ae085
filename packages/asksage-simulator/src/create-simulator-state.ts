import { DEFAULT_MODEL_IDS } from './default-model-ids';
import { DEMO_KEY } from './demo-key';
import { createFaultRegistry, type FaultRegistry } from './create-fault-registry';
import { createTokenIssuer, type TokenIssuer } from './create-token-issuer';
import type { RecordedRequest, SimulatorKey, SimulatorOptions, ToolCallStyle, StreamYieldMode } from './simulator-types';

/** A configured key and its run-time state. */
export interface KeyState {
  config: SimulatorKey;
  index: number;
  invalid: boolean;
  /** Entitled models; undefined = all. */
  entitled: ReadonlySet<string> | undefined;
}

/** The outcome of checking `x-access-tokens`. */
export type Authentication = { ok: true; key: KeyState } | { ok: false; reason: 1 | 2 };

/** Everything the route handlers share: options with defaults applied, keys, tokens, counters, recorder, faults. */
export interface SimulatorState {
  now: () => number;
  generation: '2026-09' | '2026-04';
  models: readonly string[];
  modelSet: ReadonlySet<string>;
  retiredModels: ReadonlySet<string>;
  latencyMs: number;
  fullModelsShape: 'array' | 'object';
  toolCallStyle: ToolCallStyle;
  streamYieldMode: StreamYieldMode;
  streamFramePauseMs: number;
  embeddings: boolean;
  /** Resolves when held streams may go on; undefined when streams are not held. */
  streamGate: Promise<void> | undefined;
  streamFramesWritten: number;
  /** Releases the current hold, if any. */
  releaseStreams: (() => void) | undefined;
  /** Resolves when held requests may be answered; undefined when they are not held (see `holdReplies`). */
  replyGate: Promise<void> | undefined;
  monthlyTokenLimit: number;
  keys: Map<string, KeyState>;
  tokens: TokenIssuer;
  faults: FaultRegistry;
  /** Ask Sage tokens billed this month, per API key. */
  monthlyUsage: Map<string, number>;
  recorded: RecordedRequest[];
  maxRecordedRequests: number;
  nextRequestIndex: number;
  /** Bodies computed once (get-models per key and format). */
  bodyCache: Map<string, string>;
  /** The API key a credential stands for (even an invalid one), without judging it. */
  resolveKey(accessToken: string | undefined): KeyState | undefined;
  /** AskSage's auth rule: missing header -> [1]; unknown, invalid or expired -> [2] (protocol doc §1.4). */
  authenticate(accessToken: string | undefined): Authentication;
  reset(): void;
}

/** Builds the state from the options. */
export function createSimulatorState(options: SimulatorOptions): SimulatorState {
  const now = options.now ?? Date.now;
  const models = options.models ?? DEFAULT_MODEL_IDS;
  const keyConfigs = options.keys ?? [{ key: DEMO_KEY }];
  const keys = new Map<string, KeyState>();
  keyConfigs.forEach((config, index) => {
    keys.set(config.key, { config, index, invalid: config.invalid === true, entitled: config.models ? new Set(config.models) : undefined });
  });
  const tokens = createTokenIssuer(now);
  const state: SimulatorState = {
    now,
    generation: options.envelope ?? '2026-09',
    models,
    modelSet: new Set(models),
    retiredModels: new Set(options.retiredModels ?? []),
    latencyMs: options.latencyMs ?? 0,
    fullModelsShape: options.fullModelsShape ?? 'array',
    toolCallStyle: options.toolCalls ?? {},
    streamYieldMode: options.streamYieldMode ?? 'delta',
    streamFramePauseMs: options.streamFramePauseMs ?? 0,
    embeddings: options.embeddings ?? true,
    streamGate: undefined,
    streamFramesWritten: 0,
    releaseStreams: undefined,
    replyGate: undefined,
    monthlyTokenLimit: options.monthlyTokenLimit ?? 200_000,
    keys,
    tokens,
    faults: createFaultRegistry(),
    monthlyUsage: new Map(),
    recorded: [],
    maxRecordedRequests: options.maxRecordedRequests ?? 10_000,
    nextRequestIndex: 1,
    bodyCache: new Map(),
    resolveKey(accessToken) {
      if (!accessToken) return undefined;
      const direct = keys.get(accessToken);
      if (direct) return direct;
      const apiKey = tokens.resolve(accessToken);
      return apiKey === undefined ? undefined : keys.get(apiKey);
    },
    authenticate(accessToken) {
      if (accessToken === undefined || accessToken === '') return { ok: false, reason: 1 };
      const key = state.resolveKey(accessToken);
      if (!key || key.invalid) return { ok: false, reason: 2 };
      return { ok: true, key };
    },
    reset() {
      state.recorded = [];
      state.nextRequestIndex = 1;
      state.faults.clear();
      state.monthlyUsage.clear();
      for (const key of keys.values()) key.invalid = key.config.invalid === true;
    },
  };
  return state;
}
