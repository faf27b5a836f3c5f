import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Scenario tests run whole simulations; give them room on 2-core CI machines.
    testTimeout: 60_000,
    // Tests that run the CLI as a real process transpile src/ in beforeAll (test/support/compiled-cli.ts).
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
