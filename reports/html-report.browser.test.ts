// index.html in a real browser (Debian's chromium through playwright-core): it loads with no
// request beyond its own file, no console error and no script of the candidate's running; it
// lists failures first; the count cards, the filters, deep links (#CE-STATE-02) and row details
// work; the chat transcript renders its card. Runs only through `npm run test:browser`
// (vitest.browser.config.ts), and refreshes docs/report-screenshot.png.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlTranscript, Evidence } from '../schemas/index.ts';
import type { ReportInput } from './report-input.ts';
import { sampleInput } from './test-support/sample-report.ts';
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
declare const location: { hash: string };
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

  it('lists what fails the run first, then the other failures, warnings, passes, skips and info', async () => {
    expect(await visibleRules()).toEqual([
      'CE-STATE-02',
      'BOT-REPLY-05',
      'CE-ROUTE-02',
      'CE-CONV-01',
      'CE-ROUTE-01',
      'CE-EVENT-02',
      'BOT-SC-06',
      'FLOW-06',
      'CE-AUTH-04',
    ]);
    expect(await page.locator('.count-total').getAttribute('aria-pressed')).toBe('true');
  });

  it('filters the rule list by a count card, and shows every rule again from the total card', async () => {
    await page.locator('.count-warn').click();
    expect(await visibleRules()).toEqual(['CE-CONV-01']);
    expect(await page.locator('.count-warn').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.count-total').getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#shown-count').textContent()).toBe('1 of 9 rules shown');

    await page.locator('.count-pass').click();
    expect(await visibleRules()).toEqual(['CE-ROUTE-01', 'CE-EVENT-02', 'BOT-SC-06']);
    expect(await page.locator('input[name="status"][value="pass"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="status"][value="fail"]').isChecked()).toBe(false);
    // Clicked again, a pressed card goes back to every rule.
    await page.locator('.count-pass').click();
    expect(await visibleRules()).toHaveLength(9);

    await page.locator('.count-fail').click();
    expect(await visibleRules()).toEqual(['CE-STATE-02', 'BOT-REPLY-05', 'CE-ROUTE-02']);
    await page.locator('.count-total').click();
    expect(await visibleRules()).toHaveLength(9);
    expect(await page.locator('.count-total').getAttribute('aria-pressed')).toBe('true');
  });

  it('opens the rule a deep link names (index.html#CE-STATE-02), even when filtered out', async () => {
    const linked = await context.newPage();
    const errors: string[] = [];
    linked.on('pageerror', (error) => errors.push(String(error)));
    try {
      await linked.setViewportSize({ width: 1280, height: 600 });
      await linked.goto(`${pathToFileURL(join(dir, 'index.html')).href}#CE-STATE-02`, {
        waitUntil: 'load',
      });
      const row = linked.locator('#rule-CE-STATE-02');
      expect(await row.locator('.toggle').getAttribute('aria-expanded')).toBe('true');
      expect(await linked.locator('#ev-2-0').isVisible()).toBe(true);
      // Scrolled to: the rule sits at the top of the window, below the verdict and counts.
      const box = await row.boundingBox();
      expect(box && box.y >= 0 && box.y < 100).toBe(true);

      // A link to a rule the filters hide shows every rule, then opens it.
      await linked.locator('.count-pass').click();
      expect(await linked.locator('#rule-BOT-REPLY-05').isVisible()).toBe(false);
      await linked.evaluate(() => {
        location.hash = '#BOT-REPLY-05';
      });
      const other = linked.locator('#rule-BOT-REPLY-05');
      await other.locator('.toggle[aria-expanded="true"]').waitFor({ timeout: 5_000 });
      expect(await other.isVisible()).toBe(true);
      expect(await linked.locator('tr.rule:not([hidden])').count()).toBe(9);

      // The # button beside each rule ID puts that rule's link in the address bar.
      await linked.locator('#rule-CE-ROUTE-02').hover();
      await linked.locator('#rule-CE-ROUTE-02 .permalink').click();
      await linked.locator('#rule-CE-ROUTE-02 .toggle[aria-expanded="true"]').waitFor({
        timeout: 5_000,
      });
      expect(new URL(linked.url()).hash).toBe('#CE-ROUTE-02');
      expect(errors).toEqual([]);
    } finally {
      await linked.close();
    }
  });

  it('shows a curl that replays with $TPB_TOKEN, and how to mint one', async () => {
    const note = page.locator('#detail-2 .curl-note');
    expect(await note.locator('.token-command').textContent()).toBe(
      'export TPB_TOKEN=$(npx tpb-conformance token --signing-key <key> --key-id tpb-conformance --account-id 12345678 --client-id tpb-harness)',
    );
    expect(await page.locator('#ev-2-0').textContent()).toContain(
      '-H "authorization: Bearer $TPB_TOKEN"',
    );
  });

  it('filters the rule table by status and by group', async () => {
    expect(await visibleRules()).toHaveLength(9);
    for (const status of ['pass-with-warning', 'pass', 'info', 'skipped']) {
      await page.locator(`input[name="status"][value="${status}"]`).uncheck();
    }
    expect(await visibleRules()).toEqual(['CE-STATE-02', 'BOT-REPLY-05', 'CE-ROUTE-02']);
    // The status chips and the cards agree: only failures are shown, so the Failed card is pressed.
    expect(await page.locator('.count-fail').getAttribute('aria-pressed')).toBe('true');
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

// Lock-down (issue 13): a report full of candidate markup runs none of it. Each payload sets
// window.__pwned if it ever runs; each must show as the text it is. The page is checked twice: as
// written (its Content-Security-Policy allows only its own script), and with the CSP bypassed, so
// that escaping alone is shown to hold too.

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';
const SVG = '"><svg onload="window.__pwned=1">';
const JS_URL = 'javascript:window.__pwned=1';
const ALERT_URL = 'javascript:alert(1)';
const HOSTILE_MESSAGE = `Hi ${SCRIPT} ${IMG} ${SVG}`;
const HOSTILE_RULE = 'BOT-SC-06';

/** The sample run, with the payloads in a message, a card, quick replies, metadata and a rule. */
function hostileInput(): ReportInput {
  const input = sampleInput();
  const conversation = input.conversations?.[0] as ControlTranscript;
  const base = { from: 'bot' as const, originatorId: SVG, dialogId: conversation.conversationId };
  conversation.events.push(
    {
      ...base,
      sequence: 7,
      at: '2026-03-02T09:30:09.000Z',
      type: 'ContentEvent',
      contentType: 'text/plain',
      message: HOSTILE_MESSAGE,
      metadata: [{ type: SVG, id: IMG }],
      quickReplies: {
        type: 'quickReplies',
        itemsPerRow: 8,
        replies: [SCRIPT, IMG, SVG].map((title) => ({
          type: 'button',
          title,
          click: { actions: [{ type: 'link', name: SVG, uri: JS_URL }] },
        })),
      },
    },
    {
      ...base,
      sequence: 8,
      at: '2026-03-02T09:30:10.000Z',
      type: 'RichContentEvent',
      content: {
        type: 'vertical',
        elements: [
          { type: 'image', url: JS_URL, caption: SCRIPT },
          { type: 'image', url: ALERT_URL },
          { type: 'text', text: IMG, style: { bold: true } },
          {
            type: 'button',
            title: SVG,
            click: {
              actions: [
                { type: 'link', name: IMG, uri: JS_URL },
                { type: 'publishText', text: SVG },
              ],
            },
          },
          { type: SVG, title: SCRIPT },
        ],
      },
      metadata: [{ type: IMG, id: SCRIPT }],
    },
  );
  const finding = input.report.results.find((result) => result.ruleId === HOSTILE_RULE);
  if (!finding) throw new Error(`The sample report has no ${HOSTILE_RULE}.`);
  const note: Evidence = { kind: 'note', text: `Saw ${IMG}` };
  const http = input.report.results
    .flatMap((result) => result.evidence)
    .find((evidence) => evidence.kind === 'http');
  if (!http) throw new Error('The sample report has no HTTP evidence.');
  Object.assign(finding, {
    message: `${HOSTILE_RULE}: the card links to \`${SVG}\` and says ${SCRIPT}`,
    expected: `an https:// URL, not ${IMG}`,
    actual: `\`${JS_URL}\``,
    warnings: [SVG],
    evidence: [
      note,
      {
        ...http,
        response: {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-echo': SVG },
          body: { text: `{"url":"${JS_URL}","html":"${SCRIPT}"}`, bytes: 60, truncated: false },
        },
      },
    ],
  });
  return input;
}

// The page functions below run in chromium, where `window` is the page's global.
declare const window: { __pwned?: unknown };

describe.each([
  ['as written (with its Content-Security-Policy)', false],
  ['with the Content-Security-Policy bypassed (escaping alone)', true],
])('index.html of a report full of candidate markup, %s', (_, bypassCSP) => {
  let hostileDir: string;
  let hostileContext: BrowserContext;
  let hostile: Page;
  const requests: string[] = [];
  const alerts: string[] = [];
  const errors: string[] = [];

  const pwned = () => hostile.evaluate(() => window.__pwned);

  beforeAll(async () => {
    hostileDir = await mkdtemp(join(tmpdir(), 'tpb-html-hostile-'));
    await writeReports(hostileDir, hostileInput());
    hostileContext = await browser.newContext({ bypassCSP });
    await hostileContext.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pathToFileURL(join(hostileDir, 'index.html')).href) return route.continue();
      // Anything else (`x` of an <img src=x>, a javascript: navigation) is a payload at work.
      requests.push(url);
      return route.abort();
    });
    hostile = await hostileContext.newPage();
    hostile.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    hostile.on('pageerror', (error) => errors.push(String(error)));
    hostile.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await hostile.goto(pathToFileURL(join(hostileDir, 'index.html')).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await hostileContext?.close();
    if (hostileDir) await rm(hostileDir, { recursive: true, force: true });
  });

  it('runs no payload on load, and its own script does run', async () => {
    expect(await pwned()).toBeUndefined();
    // The page's script ran (it marks the root), so a silent page is not a dead one.
    expect(await hostile.locator('html.js').count()).toBe(1);
    expect(await hostile.locator('#shown-count').textContent()).toBe('9 of 9 rules shown');
  });

  it('builds no element and no handler from candidate text', async () => {
    // The page has no image or svg of its own, and two scripts: the report data and its code.
    expect(await hostile.locator('img, svg, iframe, object, embed').count()).toBe(0);
    expect(await hostile.locator('script').count()).toBe(2);
    const handlers = await hostile.locator('*').evaluateAll((elements) =>
      elements.flatMap((element) =>
        Array.from(element.attributes as ArrayLike<{ name: string; value: string }>)
          .filter(
            (attribute) =>
              /^on/i.test(attribute.name) ||
              /^\s*javascript:/i.test(attribute.value) ||
              /^(href|src|action|formaction)$/i.test(attribute.name),
          )
          .map((attribute) => `${element.tagName} ${attribute.name}=${attribute.value}`),
      ),
    );
    expect(handlers).toEqual([]);
  });

  it('shows the message, card, quick replies and metadata as text', async () => {
    const bubbles = await hostile.locator('.msg-right .bubble').allTextContents();
    expect(bubbles).toContain(HOSTILE_MESSAGE);
    const card = hostile.locator('.bubble-card').last();
    expect(await card.locator('.sc-text.sc-bold').textContent()).toBe(IMG);
    expect(await card.locator('.sc-button').textContent()).toBe(SVG);
    expect(await card.locator('.sc-button').getAttribute('title')).toBe(
      `link: ${JS_URL}, publishText: ${SVG}`,
    );
    expect(await card.locator('.sc-image-placeholder .sc-url').allTextContents()).toEqual([
      JS_URL,
      ALERT_URL,
    ]);
    expect(await card.locator('.sc-caption').textContent()).toBe(SCRIPT);
    expect(await card.locator('.sc-other').textContent()).toBe(`${SVG}: ${SCRIPT}`);
    expect(await hostile.locator('.qr-row').last().locator('.qr').allTextContents()).toEqual([
      SCRIPT,
      IMG,
      SVG,
    ]);
    const tags = await hostile.locator('.msg .tag').allTextContents();
    expect(tags).toEqual(expect.arrayContaining([`metadata: ${SVG}`, `metadata: ${IMG}`]));
    expect(
      await hostile
        .locator('.conversation')
        .first()
        .locator('.msg .who')
        .last()
        .getAttribute('title'),
    ).toBe(SVG);
    expect(await card.isVisible()).toBe(true);
  });

  it('shows the rule message and, expanded, its evidence as text', async () => {
    const row = hostile.locator(`#rule-${HOSTILE_RULE}`);
    expect(await row.locator('.result-msg').textContent()).toBe(
      `${HOSTILE_RULE}: the card links to ${SVG} and says ${SCRIPT}`,
    );
    expect(await row.locator('.result-msg code').textContent()).toBe(SVG);
    await hostile.locator('#expand-all').click();
    const detail = hostile.locator(`#${await row.getAttribute('data-detail')}`);
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.locator('.ea .exp').textContent()).toBe(
      `Expectedan https:// URL, not ${IMG}`,
    );
    expect(await detail.locator('.ea .act code').textContent()).toBe(JS_URL);
    expect(await detail.locator('.warnings li').textContent()).toBe(SVG);
    expect(await detail.locator('.ev-note').textContent()).toBe(`Note Saw ${IMG}`);
    const response = await detail.locator('.ev-http pre.code').nth(1).textContent();
    expect(response).toContain(`x-echo: ${SVG}`);
    // The body is shown pretty-printed.
    expect(response).toContain(`"url": "${JS_URL}"`);
    expect(response).toContain(`"html": "${SCRIPT}"`);
    expect(await detail.locator('.ev-http pre.code').nth(1).isVisible()).toBe(true);
    expect(await pwned()).toBeUndefined();
  });

  it('runs no payload when every row, card, chip and raw transcript is clicked open', async () => {
    for (const toggle of await hostile.locator('tr.rule .toggle').all()) await toggle.click();
    for (const toggle of await hostile.locator('tr.rule .toggle').all()) await toggle.click();
    for (const summary of await hostile.locator('details.raw > summary').all()) {
      await summary.click();
    }
    const raw = await hostile.locator('details.raw pre').allTextContents();
    expect(raw.join('\n')).toContain(SCRIPT);
    for (const target of await hostile
      .locator('.sc-button, .sc-image-placeholder, .sc-other, .qr, .tag, .msg .bubble, .who')
      .all()) {
      await target.click();
      await target.hover();
    }
    for (const copy of await hostile.locator('tr.detail.open button.copy').all())
      await copy.click();
    await hostile.waitForTimeout(100);
    expect(await pwned()).toBeUndefined();
    expect(hostile.url()).toBe(pathToFileURL(join(hostileDir, 'index.html')).href);
  });

  it('made no request, showed no dialog and logged no error', () => {
    expect(requests).toEqual([]);
    expect(alerts).toEqual([]);
    expect(errors).toEqual([]);
  });
});
