/** The architecture's boundaries, checked rather than only described (see ARCHITECTURE.md). */
module.exports = {
  forbidden: [
    { name: 'web-not-server', severity: 'error', from: { path: '^src/web' }, to: { path: '^src/server' } },
    { name: 'server-not-web', severity: 'error', from: { path: '^src/server' }, to: { path: '^src/web' } },
    {
      name: 'shared-is-leaf',
      severity: 'error',
      from: { path: '^src/shared' },
      to: { path: '^src/(server|web)' },
    },
    {
      name: 'module-not-another-modules-internals',
      comment: 'A module reaches another only through its service, never its repository or routes.',
      severity: 'error',
      from: { path: '^src/server/modules/([^/]+)/' },
      to: {
        path: '^src/server/modules/([^/]+)/.+[.](repository|routes)[.]ts$',
        pathNot: '^src/server/modules/$1/',
      },
    },
    {
      name: 'web-modules-independent',
      severity: 'error',
      from: { path: '^src/web/modules/([^/]+)/' },
      to: { path: '^src/web/modules/([^/]+)/', pathNot: '^src/web/modules/$1/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(dist|public)/' },
  },
}
