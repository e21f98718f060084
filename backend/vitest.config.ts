import { defineConfig } from 'vitest/config';

// The whole suite runs on embedded PGlite, and once more on PostgreSQL when TEST_DATABASE_URL is set.
const databases = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    projects: databases.map((db) => ({
      test: {
        name: db,
        include: ['src/**/*.test.ts'],
        env: { DESKLINE_TEST_DB: db },
        testTimeout: 30_000,
        hookTimeout: 60_000,
        pool: 'forks',
      },
    })),
  },
});
