/** The status page's CSS: readable on a laptop and a phone (tables scroll sideways on narrow screens). */
export const statusPageStyle = `
[hidden] { display: none !important; }
:root { color-scheme: light dark; --muted: #6b7280; --ok: #15803d; --warn: #b45309; --bad: #b91c1c; --bar: #2563eb; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 12px 16px 32px; }
header { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: baseline; }
h1 { font-size: 1.3em; margin: 0.3em 0; } h2 { font-size: 1.05em; margin: 1.4em 0 0.4em; }
.muted { color: var(--muted); font-size: 0.9em; }
.badge { border-radius: 999px; padding: 1px 10px; font-size: 0.85em; border: 1px solid currentColor; }
.state-healthy, .status-ready { color: var(--ok); } .state-cooling_down, .state-half_open, .status-degraded { color: var(--warn); }
.state-circuit_open, .state-invalid, .status-unavailable, .error { color: var(--bad); }
.scroll { overflow-x: auto; }
.scope { margin: 0.6em 0 0; } .scope-fallback strong { color: var(--warn); } #replica .scroll + .scroll { margin-top: 0.8em; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid rgba(127,127,127,0.25); white-space: nowrap; }
td.number, th.number { text-align: right; } th { font-weight: 600; font-size: 0.9em; }
.chart { display: flex; align-items: flex-end; gap: 2px; height: 90px; border-bottom: 1px solid rgba(127,127,127,0.5); }
.chart span { flex: 1; background: var(--bar); min-height: 1px; opacity: 0.85; }
form { margin: 1.5em 0; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
input { font: inherit; padding: 4px 8px; min-width: 16em; } button { font: inherit; padding: 4px 12px; }
`;
