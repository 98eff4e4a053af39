// The emulator in a real browser (Debian's chromium through playwright-core): a consumer chats
// with the built-in example bot (text, a quick-reply click, a card, a shared location, a chat
// welcome, a transfer-in, a close), the platform panel shows each turn's request, reply and rule
// verdicts, the transcript saved from the page validates and replays, and a zoo bot's broken card
// shows its failed rule. The page requests nothing but its own server. Runs only through
// `npm run test:browser`, and refreshes docs/emulator-screenshot.png.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenBot, type RunningCustomEndpoint } from '../../mocks/index.ts';
import { validate } from '../../schemas/index.ts';
import { allChecks } from '../../suites/index.ts';
import { runCli } from '../cli/test-support/run-cli.ts';
import { type BuiltContext, buildContext } from '../runner/build-context.ts';
import { launchChromium } from '../test-support/chromium.ts';
import { type RunningEmulator, startEmulatorServer } from './emulator-server.ts';
import { EmulatorSession } from './emulator-session.ts';

const SCREENSHOT = fileURLToPath(new URL('../../docs/emulator-screenshot.png', import.meta.url));

interface Emulated {
  built: BuiltContext;
  session: EmulatorSession;
  server: RunningEmulator;
  page: Page;
  /** Requests the page made anywhere but its own server. */
  blocked: string[];
  consoleErrors: string[];
}

let dir: string;
let browser: Browser;
let zooBot: RunningCustomEndpoint | undefined;
const opened: Emulated[] = [];

/** Starts an emulator for `config` and opens its page in a fresh browser context. */
async function emulate(config: Parameters<typeof buildContext>[0]): Promise<Emulated> {
  const built = await buildContext(config);
  const session = await EmulatorSession.start({
    context: built.context,
    checks: allChecks,
    target: built.target,
    channel: 'messaging',
  });
  const server = await startEmulatorServer(session, { targetText: 'the test bot' });
  const origin = new URL(server.url).origin;
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(server.url, { waitUntil: 'load' });
  const emulated = { built, session, server, page, blocked, consoleErrors };
  opened.push(emulated);
  return emulated;
}

/** Types a message, sends it, and waits until the turn is in the platform panel. */
async function say(page: Page, text: string): Promise<void> {
  const turns = await page.locator('article.turn').count();
  await page.locator('#text').fill(text);
  await page.locator('#composer button[type="submit"]').click();
  await page.locator('article.turn').nth(turns).waitFor();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpb-emulator-'));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const { server, session, built } of opened) {
    await server.close();
    await session.stop();
    await built.dispose();
  }
  await zooBot?.close();
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the emulator page in chromium', () => {
  let example: Emulated;

  it('chats with the example bot: text, a quick-reply click, a card, a shared location', async () => {
    example = await emulate({});
    const { page } = example;
    await say(page, 'Hello there');
    expect(await page.locator('.msg.consumer').first().textContent()).toBe('Hello there');
    expect(await page.locator('.msg.bot').count()).toBeGreaterThan(0);

    await say(page, 'what are my options?');
    const yes = page.locator('.qr-button', { hasText: 'Yes' }).last();
    expect(await yes.isEnabled()).toBe(true);
    const turns = await page.locator('article.turn').count();
    await yes.click();
    await page.locator('article.turn').nth(turns).waitFor();
    expect(await page.locator('.msg.consumer').last().textContent()).toBe('Yes');

    await say(page, 'show me a card');
    const card = page.locator('.msg.card .sc').last();
    expect(await card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain('This is an example card.');

    const before = await page.locator('article.turn').count();
    await page.locator('#share-location').click();
    await page.locator('article.turn').nth(before).waitFor();
    expect(await page.locator('.msg.consumer').last().textContent()).toBe('Shared: vertical');
  });

  it('shows each turn in the platform panel: the request, the raw reply and the rule verdicts', async () => {
    const { page } = example;
    // The newest turn is on top: the shared location, then the card.
    const card = page.locator('article.turn[data-turn="4"]');
    expect(await card.locator('.call-line').textContent()).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/bots\/.+\/events$/,
    );
    expect(await card.locator('pre.request').textContent()).toContain('"type": "TEXT"');
    expect(await card.locator('pre.reply').textContent()).toContain('STRUCTURED_CONTENT');
    expect(await card.locator('.state-line').textContent()).toMatch(
      /messaging · OPEN · skill tpb-conformance-emulator · TTR /,
    );
    const verdicts = card.locator('.verdict');
    expect(await verdicts.count()).toBeGreaterThan(0);
    expect(
      await card.locator('.verdict[data-rule="BOT-REPLY-01"]').getAttribute('data-status'),
    ).toBe('pass');
    expect(await card.locator('.verdict[data-status="fail"]').count()).toBe(0);
  });

  it('saves the conversation as a transcript that validates', async () => {
    const { page } = example;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#save').click(),
    ]);
    const file = join(dir, 'recorded.json');
    await download.saveAs(file);
    const transcript = validate('emulator-transcript', JSON.parse(await readFile(file, 'utf8')));
    expect(transcript.issues).toEqual([]);
    expect(transcript.ok && transcript.value.turns.map((turn) => turn.consumer.kind)).toEqual([
      'text',
      'text',
      'quick-reply',
      'text',
      'rich-content',
    ]);
    expect(transcript.ok && transcript.value.turns[3]?.bot.map((item) => item.kind)).toContain(
      'structured-content',
    );

    // The recording is a regression test: replayed against the same bot, every turn matches.
    const replayed = await runCli(['replay', file, '--report-dir', join(dir, 'replay-report')], {
      cwd: dir,
    });
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain('PASS');
  });

  it('opens a chat with the welcome event, closes it, and hands a messaging conversation over', async () => {
    const { page } = example;
    await page.locator('#channel').selectOption('chat');
    await page.locator('#open').waitFor({ state: 'visible' });
    await page.locator('#open').click();
    await page.locator('article.turn').first().waitFor();
    expect(await page.locator('.msg.system').first().textContent()).toBe(
      'The conversation opened (welcome event)',
    );
    expect(await page.locator('.msg.bot').count()).toBeGreaterThan(0);
    await page.locator('#close').click();
    await page.locator('article.turn[data-turn="2"]').waitFor();
    expect(await page.locator('#text').isDisabled()).toBe(true);

    await page.locator('#channel').selectOption('messaging');
    await page.locator('#transfer').waitFor({ state: 'visible' });
    await page.locator('#last').fill('where is my order?');
    await page.locator('#transfer').click();
    await page.locator('article.turn[data-turn="1"]').waitFor();
    // The PUT that creates the conversation, then the START carrying the last message.
    const requests = await page
      .locator('article.turn[data-turn="1"] pre.request')
      .allTextContents();
    expect(requests.at(-1)).toContain('"type": "START"');
    expect(requests.at(-1)).toContain('where is my order?');
    expect(example.blocked).toEqual([]);
    expect(example.consoleErrors).toEqual([]);
  });

  it("shows a zoo bot's broken card as a failed rule on its turn", async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const keyFile = join(dir, 'private.pem');
    await writeFile(keyFile, await exportPKCS8(privateKey));
    zooBot = await brokenBot('http-image')?.start({
      auth: { publicKeyPem: await exportSPKI(publicKey) },
    });
    if (!zooBot) throw new Error('no http-image bot in the zoo');
    const zoo = await emulate({
      kind: 'custom-endpoint',
      baseUrl: zooBot.baseUrl,
      botId: zooBot.botId,
      signingKey: keyFile,
    });
    await say(zoo.page, 'show me a card');
    const failed = zoo.page.locator('article.turn[data-turn="1"] .verdict[data-status="fail"]');
    expect(await failed.getAttribute('data-rule')).toBe('BOT-SC-06');
    expect(await failed.textContent()).toContain('FAIL BOT-SC-06');
    expect(zoo.blocked).toEqual([]);
  });

  it('saves the screenshot for the README', async () => {
    const { page } = example;
    await page.locator('#new').click();
    await page.locator('article.turn').first().waitFor({ state: 'detached' });
    await say(page, 'Hello there');
    await say(page, 'what are my options?');
    await say(page, 'show me a card');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
