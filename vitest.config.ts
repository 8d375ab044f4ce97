import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Integration tests start real servers and PostgreSQL; timing never decides a test.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
