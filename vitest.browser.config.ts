import { defineConfig } from 'vitest/config';

// Tests that drive a real browser (Debian's chromium via playwright-core). They run only through
// `npm run test:browser`, never in `npm test`, since they need /usr/bin/chromium.
export default defineConfig({
  test: {
    setupFiles: ['./vitest.setup.ts'],
    include: ['{harness,reports}/**/*.browser.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
