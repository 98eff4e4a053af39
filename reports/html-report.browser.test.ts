// index.html in a real browser (Debian's chromium through playwright-core): it loads with no
// request beyond its own file, no console error and no script of the candidate's running; the
// filters and row details work; the chat transcript renders its card. Runs only through
// `npm run test:browser` (vitest.browser.config.ts), and refreshes docs/report-screenshot.png.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInput } from './fixtures/sample-report.ts';
import { writeReports } from './write-reports.ts';

// The page functions below run in chromium; the project compiles without the DOM lib, so they
// get just the DOM they use.
interface PageNode {
  textContent: string | null;
}
declare const document: {
  getElementById(id: string): PageNode | null;
  querySelector(selector: string): PageNode | null;
};
declare const navigator: { clipboard: { readText(): Promise<string> } };
declare class DOMParser {
  parseFromString(text: string, type: string): { getElementsByTagName(name: string): unknown[] };
}

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../docs/report-screenshot.png', import.meta.url));

let dir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const blocked: string[] = [];
const consoleErrors: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Failed to start the browser test: ${CHROMIUM} is missing. Install Debian's chromium (apt-get install -y chromium); never download browsers with npx.`,
    );
  }
  dir = await mkdtemp(join(tmpdir(), 'tpb-html-report-'));
  await writeReports(dir, sampleInput());
  // Playwright gives every launch a fresh temporary user-data dir and removes it on close.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const visibleRules = () =>
  page
    .locator('tr.rule')
    .evaluateAll((rows) =>
      rows.filter((row) => row.offsetParent !== null).map((row) => row.id.replace(/^rule-/, '')),
    );

describe('index.html in chromium', () => {
  it('shows the verdict first', async () => {
    const verdict = page.locator('#verdict');
    expect(await verdict.isVisible()).toBe(true);
    expect(await verdict.textContent()).toBe('FAIL');
    const box = await page.locator('.verdict').boundingBox();
    expect(box?.y).toBeLessThan(120);
    expect(await page.locator('.count-fail .n').textContent()).toBe('3');
  });

  it('filters the rule table by status and by group', async () => {
    expect(await visibleRules()).toHaveLength(9);
    for (const status of ['pass-with-warning', 'pass', 'info', 'skipped']) {
      await page.locator(`input[name="status"][value="${status}"]`).uncheck();
    }
    expect(await visibleRules()).toEqual(['CE-ROUTE-02', 'CE-STATE-02', 'BOT-REPLY-05']);
    expect(await page.locator('#shown-count').textContent()).toBe('3 of 9 rules shown');

    await page.locator('#group-filter').selectOption('CE-STATE');
    expect(await visibleRules()).toEqual(['CE-STATE-02']);
    await page.locator('#group-filter').selectOption('');
    expect(await visibleRules()).toHaveLength(3);
  });

  it('expands a failed rule to its evidence and curl', async () => {
    const row = page.locator('#rule-CE-STATE-02');
    const curl = page.locator('#ev-2-0');
    expect(await curl.isVisible()).toBe(false);
    await row.locator('.toggle').click();
    expect(await row.locator('.toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await curl.isVisible()).toBe(true);
    expect(await curl.textContent()).toMatch(
      /^curl -sS -X GET 'https:\/\/bot\.example\.com\/v1\/bots\/demo-bot\/environments\/draft\/state'/,
    );
    const detail = page.locator('tr.detail.open');
    expect(await detail.locator('.ea .act').textContent()).toBe('Actualstate "ONLINE"');
    expect(await detail.locator('.ev-http pre.code').nth(1).textContent()).toContain(
      '"version": "<script>alert(1)</script>"',
    );
    await detail.locator('button.copy').click();
    await page.waitForFunction(
      () => document.querySelector('tr.detail.open button.copy')?.textContent === 'Copied',
      undefined,
      { timeout: 5_000 },
    );
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await curl.textContent(),
    );
  });

  it('renders the conversations as chats, with the card and quick replies', async () => {
    const card = page.locator('.bubble-card').first();
    expect(await card.isVisible()).toBe(true);
    expect(await card.locator('.sc-text.sc-bold').textContent()).toBe('Premium');
    expect(await card.locator('.sc-button').textContent()).toBe('Choose Premium');
    expect(await card.locator('.sc-image-placeholder').isVisible()).toBe(true);
    expect(await page.locator('.qr').allTextContents()).toEqual([
      'Yes, please',
      'No thanks',
      'Talk to an agent',
    ]);
    const consumer = await page.locator('.msg-left .bubble').first().boundingBox();
    const bot = await page.locator('.msg-right .bubble').first().boundingBox();
    expect(consumer && bot && consumer.x < bot.x).toBe(true);
    expect(await page.locator('.msg-right .bubble').first().textContent()).toBe(
      'Hello! <script>alert(1)</script> Here is our most popular plan:',
    );
  });

  it('embeds the report JSON, and junit.xml parses as XML', async () => {
    const verdict = await page.evaluate(
      () => JSON.parse(document.getElementById('report-data')?.textContent ?? '{}').verdict,
    );
    expect(verdict).toBe('fail');
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        testcases: doc.getElementsByTagName('testcase').length,
        failures: doc.getElementsByTagName('failure').length,
      };
    }, junit);
    expect(parsed).toEqual({ errors: 0, testcases: 9, failures: 2 });
  });

  it('made no request beyond its own file, logged no error and ran no injected script', async () => {
    expect(blocked).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('saves the screenshot for the README', async () => {
    // The copy button from the earlier test goes back to "Copy" after a moment.
    await page.waitForFunction(
      () => document.querySelector('tr.detail.open button.copy')?.textContent === 'Copy',
      undefined,
      { timeout: 5_000 },
    );
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
