import { defineConfig } from 'vitest/config';

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
