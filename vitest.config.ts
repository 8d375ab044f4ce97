import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // One embedded PostgreSQL cluster for the run; each file clones its own database from a template.
    globalSetup: ['test/global-setup.ts'],
    // Integration tests start real servers and PostgreSQL; timing never decides a test.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
