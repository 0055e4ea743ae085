import { statusPageScript } from './status-page-script';
import { statusPageStyle } from './status-page-style';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The status page: static HTML, one inline style and one inline script, no build step and no data in it. The script
 * fetches `/status.json` every 5 s and fills the tables with `textContent` (never HTML from data). When the proxy
 * wants a key (401) it shows a field for it and keeps the key in `sessionStorage` (this tab only).
 */
export function renderStatusPage(options: { title: string }): string {
  const title = escapeHtml(options.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · status</title>
<style>${statusPageStyle}</style>
</head>
<body>
<header><h1>${title}</h1><span id="status" class="badge">loading…</span><span id="updated" class="muted"></span></header>
<form id="key-form" hidden>
  <label for="proxy-key">This proxy needs one of its <code>proxy_api_keys</code>:</label>
  <input id="proxy-key" type="password" autocomplete="off" placeholder="proxy key">
  <button type="submit">Show status</button>
  <p id="key-error" class="error" hidden></p>
</form>
<main id="content" hidden>
<p id="scope" class="scope">counting <strong id="scope-label"></strong> <span id="scope-store" class="muted"></span></p>
<section><h2>Keys</h2><div class="scroll"><table id="keys"><thead><tr>
  <th>Name</th><th>State</th><th class="number">Weight</th><th class="number" title="configured share / share of requests so far">Share</th><th class="number">Requests</th><th class="number">Failures</th><th class="number">Tokens in / out</th><th class="number">AskSage tokens</th><th class="number" title="AskSage's count-monthly-tokens, checked every few minutes">Month to date</th>
</tr></thead><tbody></tbody></table></div></section>
<section><h2>Requests per minute, last hour</h2><div id="chart" class="chart" role="img" aria-label="requests per minute"></div><p id="rate" class="muted"></p></section>
<section><h2>Models</h2><div class="scroll"><table id="models"><thead><tr>
  <th>Model</th><th class="number">Requests</th><th class="number">Failures</th><th class="number">Tokens in / out</th>
</tr></thead><tbody></tbody></table></div></section>
<section id="replica" hidden><h2>This replica</h2><p class="muted">What this process served since <span id="replica-since"></span>; the tables above add up every replica.</p>
<div class="scroll"><table id="replica-keys"><thead><tr>
  <th>Key</th><th class="number">Requests</th><th class="number">Failures</th><th class="number">Tokens in / out</th><th class="number">AskSage tokens</th>
</tr></thead><tbody></tbody></table></div>
<div class="scroll"><table id="replica-models"><thead><tr>
  <th>Model</th><th class="number">Requests</th><th class="number">Failures</th><th class="number">Tokens in / out</th>
</tr></thead><tbody></tbody></table></div>
<p id="replica-rate" class="muted"></p></section>
<section><h2>Recent errors <span id="errors-scope" class="muted"></span></h2><div class="scroll"><table id="errors"><thead><tr>
  <th>Time</th><th>Code</th><th>Model</th><th>Key</th><th>Request</th>
</tr></thead><tbody></tbody></table></div></section>
</main>
<script>${statusPageScript}</script>
</body>
</html>
`;
}
