import { defineConfig } from 'vitest/config'

// The demo's seeding is tested too: a newcomer's first look at Trame.
const apiTests = ['src/**/*.test.ts', 'scripts/**/*.test.ts']
/** Tests of what only a PostgreSQL server does (losing connections): the PostgreSQL run only. */
const postgresOnlyTests = ['src/**/*.postgres.test.ts']
// The PostgreSQL run happens when a server is given, and always in CI, where its absence is a failure.
const withPostgres = Boolean(process.env.TEST_DATABASE_URL) || process.env.CI === 'true'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'api-pglite',
          include: apiTests,
          exclude: postgresOnlyTests,
          globalSetup: ['tests/support/global-setup.ts'],
          env: { TRAME_TEST_DB: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                name: 'api-postgres',
                include: apiTests,
                globalSetup: ['tests/support/global-setup.ts'],
                env: { TRAME_TEST_DB: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A page answers in seconds on a machine shared by several runs, not in vitest's default 1 s.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
    maxWorkers: 2,
  },
})
