import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Scenario tests run whole simulations; give them room on 2-core CI machines.
    testTimeout: 60_000,
    // Suites that spawn the CLI transpile src/ first (test/support/compiled-cli.ts): several
    // seconds, more than the default 10 s hook limit when other jobs share the cores.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
