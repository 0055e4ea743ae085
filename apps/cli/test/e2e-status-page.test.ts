/// <reference lib="dom" />
/**
 * The status page in a real headless browser (Debian's chromium driven by puppeteer-core): it asks for the proxy
 * key, shows the keys by name, updates after requests are sent, fits a phone's width, never shows a key, and its
 * screenshot is saved to docs/status-page.png with UPDATE_SCREENSHOTS=1 (to the temp folder otherwise). Chromium is installed on demand by test-support/install-chromium.sh
 * (apt-get, when root); without it the suite is skipped with the script's reason.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startRedisServer } from '../../../test-support/start-redis-server';
import { driveChatRequest } from './support/drive-chat-request';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const repoRoot = path.resolve(__dirname, '../../..');

/** Runs the install script; its last stdout line is chromium's path, its stderr the reason when there is none. */
function findChromium(): { path?: string; reason?: string } {
  try {
    const result = execFileSync('sh', [path.join(repoRoot, 'test-support/install-chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    const found = result.trim().split('\n').pop();
    return found ? { path: found } : { reason: 'install-chromium.sh found no chromium' };
  } catch (error) {
    return { reason: `install-chromium.sh failed: ${(error as Error).message}` };
  }
}

const chromium = findChromium();
// .ci/run sets ASKSAGE_PROXY_REQUIRE_ALL_SUITES: there a missing chromium fails the suite instead of skipping it.
if (chromium.path === undefined && process.env.ASKSAGE_PROXY_REQUIRE_ALL_SUITES === '1') throw new Error(`e2e-status-page cannot run: ${chromium.reason}`);
const describeInBrowser = chromium.path !== undefined ? describe : describe.skip;
if (chromium.path === undefined) process.stderr.write(`e2e-status-page skipped: ${chromium.reason}\n`);

const KEY_A = `lab-alpha-${randomBytes(28).toString('hex')}`;
const KEY_B = `lab-beta-${randomBytes(28).toString('hex')}`;
const PROXY_TOKEN = `proxy-token-${randomBytes(20).toString('hex')}`;

describeInBrowser(`the status page in headless chromium${chromium.path === undefined ? ` (skipped: ${chromium.reason})` : ''}`, () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let browser: Browser;
  let page: Page;
  const send = (body: Record<string, unknown>) => driveChatRequest(proxy.url, body, { headers: { authorization: `Bearer ${PROXY_TOKEN}` } });
  const keyRows = () => page.$$eval('#keys tbody tr', (rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell: HTMLTableCellElement) => cell.textContent ?? '')));

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [{ key: KEY_A, name: 'lab-shared', weight: 3 }, { key: KEY_B, name: 'alice' }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
        proxy_api_keys: [PROXY_TOKEN],
      },
    });
    browser = await puppeteer.launch({ executablePath: chromium.path, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 860 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await simulator?.close();
  });

  it('asks for the proxy key, refuses a wrong one, then shows the keys by name', async () => {
    await page.goto(`${proxy.url}/status`);
    await page.waitForSelector('#key-form:not([hidden])');
    await page.type('#proxy-key', 'not-the-token');
    await page.click('#key-form button');
    await page.waitForFunction(() => document.getElementById('key-error')?.textContent?.includes('not accepted'));
    await page.type('#proxy-key', PROXY_TOKEN);
    await page.click('#key-form button');
    await page.waitForSelector('#content:not([hidden])');
    expect(await page.$eval('#key-form', (form) => getComputedStyle(form).display)).toBe('none');
    const rows = await keyRows();
    expect(rows.map((row) => row.slice(0, 4))).toEqual([
      ['lab-shared', 'healthy', '3', '75% / 0%'],
      ['alice', 'healthy', '1', '25% / 0%'],
    ]);
    // One process, no Redis: the counts are labelled as this replica's, and there is no separate replica section.
    expect(await page.$eval('#scope-label', (label) => label.textContent)).toBe('this replica');
    expect(await page.$eval('#replica', (section) => (section as HTMLElement).hidden)).toBe(true);
  });

  it('updates after requests are sent: counts, models, errors and the per-minute chart', async () => {
    for (let index = 0; index < 5; index += 1) expect((await send({ model: 'gpt-4o', messages: [{ role: 'user', content: `hello ${index}` }] })).kind).toBe('completion');
    expect((await send({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream please' }] })).kind).toBe('completion');
    expect((await send({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })).kind).toBe('error');
    // The page polls every 5 s; wait for it to see all seven requests.
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('#keys tbody tr'), (row) => Number((row.children[4]?.textContent ?? '0').replace(/,/g, ''))).reduce((sum, count) => sum + count, 0) === 6,
      { timeout: 20_000 },
    );
    const models = await page.$$eval('#models tbody tr', (rows) => rows.map((row) => [row.children[0]?.textContent, row.children[1]?.textContent]));
    expect(models).toEqual(expect.arrayContaining([['gpt-4o', '5'], ['gpt-4o-mini', '1'], ['(unknown)', '1']]));
    await page.waitForFunction(() => document.querySelector('#errors tbody')?.textContent?.includes('model_not_found'));
    const rate = await page.$eval('#rate', (element) => element.textContent ?? '');
    expect(rate).toContain('7 requests in the last hour');
    const bars = await page.$$eval('#chart span', (spans) => spans.map((span) => (span as HTMLElement).style.height));
    expect(bars).toHaveLength(60);
    // The seven requests land in the newest minute, or straddle a minute boundary into the two newest bars; either
    // way the tallest bar is among the last two and every older bar is empty.
    expect(bars.slice(58)).toContain('100%');
    expect(bars.slice(0, 58).every((height) => height === '0%')).toBe(true);
    // Month-to-date comes from AskSage's count-monthly-tokens, cached for minutes: a number per key, not an error.
    const monthToDate = (await keyRows()).map((row) => row[8]);
    expect(monthToDate.every((value) => /^\d[\d,]*$/.test(value ?? ''))).toBe(true);
    // docs/status-page.png is refreshed on request only, so a test run leaves the work tree clean.
    const screenshot = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs/status-page.png') : path.join(tmpdir(), `asksage-proxy-status-page-${process.pid}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
  });

  it('never shows a key and fits a phone screen', async () => {
    const html = await page.content();
    for (const secret of [KEY_A, KEY_B, PROXY_TOKEN]) {
      for (let index = 0; index + 8 <= secret.length; index += 1) expect(html).not.toContain(secret.slice(index, index + 8));
    }
    await page.setViewport({ width: 390, height: 844, isMobile: true });
    await page.reload();
    await page.waitForSelector('#content:not([hidden])');
    // Tables scroll inside their own boxes; the page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

describeInBrowser('the status page of a replica sharing usage through Redis', () => {
  it('labels the totals as all replicas\' and shows this replica\'s own counts beside them', async () => {
    const redis = await startRedisServer();
    const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }] });
    const config = { api_keys: [{ key: KEY_A, name: 'lab-shared' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl, redis_url: redis.url };
    const [served, idle] = await Promise.all([startProxyProcess({ config }), startProxyProcess({ config })]);
    const browser = await puppeteer.launch({ executablePath: chromium.path, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      for (let index = 0; index < 2; index += 1) expect((await driveChatRequest(served.url, { model: 'gpt-4o', messages: [{ role: 'user', content: `hi ${index}` }] })).kind).toBe('completion');
      const page = await browser.newPage();
      // The idle replica's page: the totals count the other replica's requests, its own section none.
      await page.goto(`${idle.url}/status`);
      await page.waitForFunction(() => document.querySelector('#keys tbody tr')?.children[4]?.textContent === '2', { timeout: 20_000 });
      expect(await page.$eval('#scope-label', (label) => label.textContent)).toBe('all replicas, via Redis');
      expect(await page.$eval('#scope-store', (store) => store.textContent)).toBe(`(Redis connected at ${redis.url})`);
      expect(await page.$eval('#replica', (section) => (section as HTMLElement).hidden)).toBe(false);
      expect(await page.$$eval('#replica-keys tbody tr', (rows) => rows.map((row) => [row.children[0]?.textContent, row.children[1]?.textContent]))).toEqual([['lab-shared', '0']]);
      expect(await page.$eval('#errors-scope', (label) => label.textContent)).toBe('this replica');
    } finally {
      await browser.close();
      await Promise.all([served.stop(), idle.stop()]);
      await simulator.close();
      await redis.stop();
    }
  }, 60_000);
});
