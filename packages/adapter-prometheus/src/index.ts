/**
 * @asksage-proxy/adapter-prometheus — Prometheus metrics for asksage-proxy: a `ProxyObserver` that records into a
 * prom-client registry, and the text exposition `GET /metrics` serves. Key names only, bounded labels.
 */
export { createPrometheusMetrics } from './create-prometheus-metrics';
export type { PrometheusMetrics } from './create-prometheus-metrics';
export type { PrometheusMetricsSettings } from './prometheus-metrics-settings';
export { metricNames, otherModelLabel, noneLabel } from './metric-names';
