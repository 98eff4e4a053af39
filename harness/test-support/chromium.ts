import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium: browser tests never download one (`npm run test:browser`). */
const chromiumPath = '/usr/bin/chromium';

/** Starts headless chromium for a browser test, or says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Failed to start the browser test: ${chromiumPath} is missing. Install Debian's chromium (apt-get install -y chromium); never download browsers with npx.`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
}
