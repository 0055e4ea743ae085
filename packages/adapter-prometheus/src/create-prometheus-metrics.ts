import type { KeyState, ProxyObserver } from '@asksage-proxy/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricNames, noneLabel, otherModelLabel } from './metric-names';
import type { PrometheusMetricsSettings } from './prometheus-metrics-settings';

/** The observer to subscribe, and the exposition to serve. */
export interface PrometheusMetrics {
  /** Subscribe it (with `combineObservers`) to the key pool and the gateway. */
  observer: ProxyObserver;
  /** The registry holding every metric. */
  registry: Registry;
  /** The text exposition for `GET /metrics`, with its content type. */
  expose(): Promise<{ contentType: string; body: string }>;
}

const keyStates: readonly KeyState[] = ['healthy', 'cooling_down', 'circuit_open', 'half_open', 'invalid'];
// Seconds: a chat answer takes from a fraction of a second to many minutes (long generations, timeout 600 s).
const durationBuckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
const firstTokenBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60];
// A key leaves the pool on these changes; `probing` and `circuit_closed` bring it back.
const cooldownChanges = new Set(['invalid', 'cooling_down', 'circuit_open', 'circuit_reopened']);

/**
 * Prometheus metrics over a `ProxyObserver`: counters and histograms by dialect, model, key name and outcome,
 * key state and weight gauges read from the pool at scrape time, streams in flight, and Node's process metrics.
 * Labels carry key names, never keys; model labels are the catalog's ids, anything else is `other`, and codes come
 * from core's closed list, so the number of series stays bounded whatever clients send.
 */
export function createPrometheusMetrics(settings: PrometheusMetricsSettings): PrometheusMetrics {
  const registry = settings.registry ?? new Registry();
  const registers = [registry];
  const modelLabel = (model: string | undefined): string => (model !== undefined && settings.knownModels().has(model) ? model : otherModelLabel);

  const requests = new Counter({ name: metricNames.requests, help: 'Client requests finished, by dialect, model, key name, outcome (success, error, aborted) and error code.', labelNames: ['dialect', 'model', 'key', 'outcome', 'code'], registers });
  const requestDuration = new Histogram({ name: metricNames.requestDuration, help: 'Whole request time in seconds, failovers included.', labelNames: ['dialect', 'model', 'stream', 'outcome'], buckets: durationBuckets, registers });
  const attempts = new Counter({ name: metricNames.upstreamAttempts, help: 'Upstream calls to AskSage, by model, key name and outcome.', labelNames: ['model', 'key', 'outcome'], registers });
  const failures = new Counter({ name: metricNames.upstreamFailures, help: 'Failed upstream calls, by model, key name, error code and verdict on the key (none when the key was not to blame).', labelNames: ['model', 'key', 'code', 'verdict'], registers });
  const upstreamDuration = new Histogram({ name: metricNames.upstreamDuration, help: 'One upstream call in seconds (a stream: until its first event).', labelNames: ['model', 'key', 'outcome'], buckets: durationBuckets, registers });
  const firstToken = new Histogram({ name: metricNames.timeToFirstToken, help: 'Streams: seconds from the request to its first event.', labelNames: ['dialect', 'model'], buckets: firstTokenBuckets, registers });
  const inputTokens = new Counter({ name: metricNames.inputTokens, help: 'Prompt tokens, by model and key name.', labelNames: ['model', 'key'], registers });
  const outputTokens = new Counter({ name: metricNames.outputTokens, help: 'Completion tokens, by model and key name.', labelNames: ['model', 'key'], registers });
  const asksageTokens = new Counter({ name: metricNames.asksageTokens, help: 'AskSage billing tokens (usage.asksage_tokens), by model and key name.', labelNames: ['model', 'key'], registers });
  const cooldowns = new Counter({ name: metricNames.keyCooldowns, help: 'Times a key was taken out of the pool, by key name and reason (invalid, cooling_down, circuit_open, circuit_reopened).', labelNames: ['key', 'reason'], registers });
  const restorations = new Counter({ name: metricNames.keyRestorations, help: 'Times a free recheck found an invalid key accepted by AskSage again and put it back in rotation, by key name.', labelNames: ['key'], registers });
  const streamsInFlight = new Gauge({ name: metricNames.streamsInFlight, help: 'Streams that have produced their first event and not yet finished.', registers });
  const streaming = new Set<string>();

  new Gauge({
    name: metricNames.keyState,
    help: 'One series per key name and state; 1 for the state the key is in now, 0 for the others.',
    labelNames: ['key', 'state'],
    registers,
    collect() {
      this.reset();
      for (const status of settings.keyStatuses()) {
        for (const state of keyStates) this.set({ key: status.name, state }, status.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: metricNames.keyWeight,
    help: 'Configured weight of each key (its share of traffic is weight over the sum of weights).',
    labelNames: ['key'],
    registers,
    collect() {
      this.reset();
      for (const status of settings.keyStatuses()) this.set({ key: status.name }, status.weight);
    },
  });
  if (settings.collectDefaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const observer: ProxyObserver = {
    requestFinished(event) {
      const model = modelLabel(event.model);
      requests.inc({ dialect: event.dialect, model, key: event.key ?? noneLabel, outcome: event.outcome, code: event.code ?? noneLabel });
      requestDuration.observe({ dialect: event.dialect, model, stream: String(event.stream), outcome: event.outcome }, event.durationMs / 1000);
      if (streaming.delete(event.requestId)) streamsInFlight.dec();
    },
    upstreamAttempt(event) {
      const model = modelLabel(event.model);
      attempts.inc({ model, key: event.key, outcome: event.outcome });
      upstreamDuration.observe({ model, key: event.key, outcome: event.outcome }, event.durationMs / 1000);
      if (event.outcome === 'error') failures.inc({ model, key: event.key, code: event.code ?? noneLabel, verdict: event.keyVerdict ?? noneLabel });
    },
    keyStateChanged(event) {
      if (cooldownChanges.has(event.change)) cooldowns.inc({ key: event.key, reason: event.change });
      if (event.change === 'restored') restorations.inc({ key: event.key });
    },
    tokensUsed(event) {
      const labels = { model: modelLabel(event.model), key: event.key };
      inputTokens.inc(labels, event.inputTokens);
      outputTokens.inc(labels, event.outputTokens);
      if (event.asksageTokens !== undefined) asksageTokens.inc(labels, event.asksageTokens);
    },
    firstEvent(event) {
      firstToken.observe({ dialect: event.dialect, model: modelLabel(event.model) }, event.latencyMs / 1000);
      if (!streaming.has(event.requestId)) {
        streaming.add(event.requestId);
        streamsInFlight.inc();
      }
    },
  };

  return {
    observer,
    registry,
    expose: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
