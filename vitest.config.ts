// Test runner settings: tests live under test/ and mirror src/. globalSetup provisions what they run for real
// (tools, Node 24, a throwaway PostgreSQL), so `npm test` alone runs every test on a fresh machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
