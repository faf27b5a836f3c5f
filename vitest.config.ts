import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Scenario tests run whole simulations; give them room on 2-core CI machines.
    testTimeout: 60_000,
    pool: 'forks',
  },
});
