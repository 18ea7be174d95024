import { defineConfig } from 'vitest/config';

// Integration and browser tests run against a real PostgreSQL: the embedded server always,
// and an external server too when NORTHSTAR_TEST_DATABASE_URL is set (CI sets it).
const external = process.env.NORTHSTAR_TEST_DATABASE_URL;

const integration = (name: string, target: 'embedded' | 'external') => ({
  extends: true as const,
  test: {
    name,
    include: ['tests/integration/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Every JSON response is checked against its route's schema (a mismatch fails the request).
    env: { NORTHSTAR_TEST_TARGET: target, NORTHSTAR_CHECK_RESPONSES: '1' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/**/*.test.ts', 'widget/**/*.test.ts', 'scripts/**/*.test.mjs'],
          // CLI and evaluation tests read real files and train models: seconds, not milliseconds.
          testTimeout: 60_000,
        },
      },
      integration('integration', 'embedded'),
      ...(external ? [integration('integration-external', 'external')] : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          env: { NORTHSTAR_TEST_TARGET: 'embedded', NORTHSTAR_CHECK_RESPONSES: '1' },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
