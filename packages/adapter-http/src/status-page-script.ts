/**
 * The status page's script, plain ES2017 run by the browser as it is. It fetches `/status.json` (with the key the
 * user typed, as `Authorization: Bearer`), renders with `textContent` only, and polls every 5 s. The key is kept in
 * sessionStorage: it survives a reload of this tab, not the browser.
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
    fill('models', report.models, function (row, model) {
      cell(row, model.id);
      cell(row, number(model.requests), 'number');
      cell(row, number(model.failures), 'number');
      cell(row, number(model.inputTokens) + ' / ' + number(model.outputTokens), 'number');
    }, 'no requests yet');
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
    var total = counts.reduce(function (sum, count) { return sum + count; }, 0);
    byId('rate').textContent = number(total) + ' requests in the last hour, peak ' + number(Math.max.apply(null, counts)) + ' per minute, ' + number(counts[counts.length - 1]) + ' this minute';
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
