import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Scenario tests run whole simulations; give them room on 2-core CI machines.
    testTimeout: 60_000,
    // Tests that run the CLI as a real process transpile src/ in a beforeAll (test/support/compiled-cli.ts):
    // a few seconds alone, past the default 10 s on a 2-core machine running other suites.
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
