// A real load's index.html in chromium (Debian's, through playwright-core): `tpb-conformance load`
// plays 300 conversations of 3 turns with the example bot over a 3 s ramp-up, and the page shows
// its figures, the latency over time and the histogram, drawn in the page with no request of any
// kind. Runs only through `npm run test:browser`, and refreshes docs/load-screenshot.png.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../cli/test-support/run-cli.ts';
import { launchChromium } from '../test-support/chromium.ts';

const SCREENSHOT = fileURLToPath(new URL('../../docs/load-screenshot.png', import.meta.url));

let browser: Browser;
let reportDir: string;

beforeAll(async () => {
  const cwd = tempProject();
  const result = await runCli(
    ['load', '--conversations', '300', '--turns', '3', '--ramp-up', '3', '--think-time', '200'],
    { cwd },
  );
  expect(result.code, result.stdout + result.stderr).toBe(0);
  reportDir = join(cwd, 'tpb-report');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("a load's index.html in chromium", () => {
  it('shows the figures and draws both charts without a request', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pathToFileURL(join(reportDir, 'index.html')).href, { waitUntil: 'load' });

    const section = page.locator('section.load');
    expect(await section.isVisible()).toBe(true);
    expect(await section.locator('.section-head .muted').textContent()).toBe(
      '300 conversations × 3 turns, ramp-up 3 s, think time 200 ms',
    );
    expect(
      await section
        .locator('.load-figure', { hasText: 'turns answered' })
        .locator('.n')
        .textContent(),
    ).toBe('900 of 900');
    const overTime = section.locator('svg.chart').nth(0);
    const histogram = section.locator('svg.chart').nth(1);
    expect(await overTime.isVisible()).toBe(true);
    expect(await overTime.getAttribute('aria-label')).toBe(
      'Turn latency over time (p50 and p95 per second)',
    );
    const points =
      (await overTime.locator('polyline.chart-p95').getAttribute('points'))?.split(' ') ?? [];
    expect(points.length).toBeGreaterThanOrEqual(3);
    const bars = histogram.locator('rect.chart-bar');
    expect(await bars.count()).toBeGreaterThan(3);
    const box = await bars.first().boundingBox();
    expect(box?.width).toBeGreaterThan(5);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);

    await section.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await context.close();
  });
});
