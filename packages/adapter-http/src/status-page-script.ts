/**
 * The status page's script, plain ES2017 run by the browser as it is. It fetches `/status.json` (with the key the
 * user typed, as `Authorization: Bearer`), renders with `textContent` only, and polls every 5 s. With `redis_url`
 * the top tables add up every replica (the report's `counts` says so, or says why they are this replica's only) and
 * a "This replica" section shows this process's own counts. The key is kept in sessionStorage: it survives a reload
 * of this tab, not the browser.
 */
export const statusPageScript = `
(function () {
  'use strict';
  var storageKey = 'asksage-proxy-status-key';
  var byId = function (id) { return document.getElementById(id); };
  var number = function (value) { return Number(value || 0).toLocaleString('en-US'); };
  var percent = function (value) { return (100 * value).toFixed(value > 0 && value < 0.1 ? 1 : 0) + '%'; };
  var time = function (ms) { return new Date(ms).toLocaleTimeString(); };
  var timer;

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }
  function fill(tableId, items, render, emptyText) {
    var body = byId(tableId).querySelector('tbody');
    body.textContent = '';
    if (items.length === 0) { var row = body.insertRow(); var td = cell(row, emptyText, 'muted'); td.colSpan = 9; return; }
    items.forEach(function (item) { render(body.insertRow(), item); });
  }
  function monthToDate(key) {
    var month = key.monthToDate;
    if (!month) return '–';
    return month.tokens === undefined ? 'unknown (' + month.error + ')' : number(month.tokens);
  }
  function describeRate(rate) {
    var counts = rate.counts;
    var total = counts.reduce(function (sum, count) { return sum + count; }, 0);
    return number(total) + ' requests in the last hour, peak ' + number(Math.max.apply(null, counts)) + ' per minute, ' + number(counts[counts.length - 1]) + ' this minute';
  }
  function renderUsage(row, name, usage, withAskSage) {
    cell(row, name);
    cell(row, number(usage.requests), 'number');
    cell(row, number(usage.failures), 'number');
    cell(row, number(usage.inputTokens) + ' / ' + number(usage.outputTokens), 'number');
    if (withAskSage) cell(row, number(usage.asksageTokens), 'number');
  }
  function renderScope(report) {
    var counts = report.counts || { scope: 'this-replica', label: 'this replica' };
    var store = counts.store;
    byId('scope-label').textContent = counts.label;
    byId('scope').className = 'scope' + (store && counts.scope !== 'all-replicas' ? ' scope-fallback' : '');
    byId('scope-store').textContent = store ? '(' + store.name + ' ' + store.state + (store.url ? ' at ' + store.url : '') + (store.error ? ': ' + store.error : '') + ')' : '';
    var replica = report.replica;
    byId('replica').hidden = !replica;
    byId('errors-scope').textContent = replica ? 'this replica' : '';
    if (!replica) return;
    byId('replica-since').textContent = new Date(replica.since).toLocaleString();
    fill('replica-keys', replica.keys, function (row, key) { renderUsage(row, key.name, key, true); }, 'no keys');
    fill('replica-models', replica.models, function (row, model) { renderUsage(row, model.id, model, false); }, 'no requests yet');
    byId('replica-rate').textContent = describeRate(replica.requestsPerMinute);
  }
  function render(report) {
    var status = byId('status');
    status.textContent = report.status;
    status.className = 'badge status-' + report.status;
    byId('updated').textContent = 'updated ' + time(report.generatedAt) + ' · counting since ' + new Date(report.since).toLocaleString();
    fill('keys', report.keys, function (row, key) {
      cell(row, key.name);
      cell(row, key.state.replace('_', ' ') + (key.recheckAt ? ', rechecking at ' + time(key.recheckAt) : key.availableAt ? ' until ' + time(key.availableAt) : ''), 'state-' + key.state);
      cell(row, String(key.weight), 'number');
      cell(row, percent(key.weightShare) + ' / ' + percent(key.trafficShare), 'number').title = 'configured share / share of requests so far';
      cell(row, number(key.requests), 'number');
      cell(row, number(key.failures), 'number');
      cell(row, number(key.inputTokens) + ' / ' + number(key.outputTokens), 'number');
      cell(row, number(key.asksageTokens), 'number');
      cell(row, monthToDate(key), 'number').title = key.monthToDate ? 'checked ' + time(key.monthToDate.checkedAt) : '';
    }, 'no keys');
    fill('models', report.models, function (row, model) { renderUsage(row, model.id, model, false); }, 'no requests yet');
    fill('errors', report.recentErrors, function (row, error) {
      cell(row, time(error.at));
      cell(row, error.code, 'error');
      cell(row, error.model);
      cell(row, error.key || '–');
      cell(row, error.requestId, 'muted');
    }, 'none');
    var counts = report.requestsPerMinute.counts;
    var peak = Math.max.apply(null, counts.concat([1]));
    var chart = byId('chart');
    chart.textContent = '';
    counts.forEach(function (count, index) {
      var bar = document.createElement('span');
      bar.style.height = (100 * count / peak) + '%';
      bar.title = time(report.requestsPerMinute.firstMinute + index * 60000) + ': ' + count + ' requests';
      chart.appendChild(bar);
    });
    byId('rate').textContent = describeRate(report.requestsPerMinute);
    renderScope(report);
    byId('content').hidden = false;
  }
  function askForKey(message) {
    clearTimeout(timer);
    byId('content').hidden = true;
    byId('key-form').hidden = false;
    byId('status').textContent = 'key needed';
    var error = byId('key-error');
    error.hidden = !message;
    error.textContent = message || '';
    byId('proxy-key').focus();
  }
  function load() {
    var key = sessionStorage.getItem(storageKey);
    var headers = key ? { Authorization: 'Bearer ' + key } : {};
    fetch('status.json', { headers: headers, cache: 'no-store' }).then(function (response) {
      if (response.status === 401) { askForKey(key ? 'That key is not accepted by this proxy.' : ''); return; }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json().then(function (report) {
        byId('key-form').hidden = true;
        render(report);
        timer = setTimeout(load, 5000);
      });
    }).catch(function (error) {
      byId('status').textContent = 'unreachable (' + error.message + ')';
      timer = setTimeout(load, 5000);
    });
  }
  byId('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(storageKey, byId('proxy-key').value.trim());
    byId('proxy-key').value = '';
    load();
  });
  load();
})();
`;
