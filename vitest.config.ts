import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests are quiet: anything written to the console fails the run (see vitest.setup.ts).
    setupFiles: ['./vitest.setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{harness,mocks,schemas,reports}/**/*.test.ts'],
          // Browser tests need chromium: `npm run test:browser` (vitest.browser.config.ts).
          exclude: [...configDefaults.exclude, '**/*.browser.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'suites',
          include: ['suites/**/*.test.ts'],
        },
      },
    ],
  },
});
