// The layer rules `npm test` enforces (README, Architecture). Issue 11 moves the code towards the
// full table; the rules here are the ones the code already keeps, so none of it can slip back.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds the pure decisions: it imports only domain/ (no I/O, no other layer)',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'domain-no-io',
      comment: 'domain/ does no I/O: no Node built-in modules',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '[.]test[.]ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'store-below-everything',
      comment: 'store/ owns all SQL and imports only domain/ (and itself)',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/(domain|store)/' },
    },
    {
      name: 'config-below-notify-and-store',
      comment:
        'config/ parses and checks the config file: it imports only config/ and domain/, so loading it loads no sender (SMTP, HTTP clients) and no store',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/(config|domain)/' },
    },
    {
      name: 'api-and-cli-are-adapters',
      comment: 'nothing below the adapters imports api/ or cli/ (shared decisions live in domain/)',
      severity: 'error',
      from: { path: '^src/(domain|store|ingest|evaluate|notify|metrics|report|app|config|wrapper)/' },
      to: { path: '^src/(api|cli)/' },
    },
    {
      name: 'sql-only-in-store',
      comment: 'only store/ talks to the database drivers and the query builder',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/(kysely|pg|better-sqlite3)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '[.]test[.]ts$' },
  },
}
