// The layer table `npm test` enforces (README, Architecture): each folder of src/ may import
// itself, the folders listed for it, and the shared root files (clock, log, wake-loop, loop-turn,
// json-depth, version). A layer not in the table, a back-edge or a cycle fails the check.
// each adapter layer may use everything the one below it may, and that layer itself
const APP = ['domain', 'store', 'auth', 'config', 'http', 'ingest', 'evaluate', 'notify']
const API = [...APP, 'metrics', 'report', 'app']
// the dashboard is the API's peer: the same layers below, and neither imports the other
const WEB = API
const SERVER = [...API, 'api', 'web']
/** @type {Record<string, string[]>} layer → what it may import besides itself */
const LAYERS = {
  domain: [],
  store: ['domain'],
  auth: ['domain'],
  config: ['domain'],
  http: [],
  ingest: ['domain', 'http', 'config'],
  evaluate: ['domain', 'store', 'config'],
  notify: ['domain', 'store', 'config'],
  metrics: ['domain', 'store', 'notify'],
  report: ['domain', 'store', 'notify'],
  wrapper: ['domain', 'config', 'http', 'ingest'],
  app: APP,
  api: API,
  web: WEB,
  server: SERVER,
  cli: [...SERVER, 'server', 'wrapper'],
}
const ROOT_FILES = '^src/(clock|log|loop-turn|wake-loop|json-depth|version)[.]ts$'
const folders = Object.keys(LAYERS).join('|')

const layerRules = Object.entries(LAYERS).map(([layer, may]) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ may import ${may.length ? may.join(', ') : 'nothing else'} (README, Architecture)`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/(${[layer, ...may].join('|')})/`, ROOT_FILES],
  },
}))

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'every-file-in-a-layer',
      comment: 'a file of src/ lives in a folder of the layer table or is a shared root file',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/(${folders})/`, ROOT_FILES] },
      to: {},
    },
    {
      name: 'root-files-are-leaves',
      comment: 'the shared root files import only each other',
      severity: 'error',
      from: { path: ROOT_FILES },
      to: { path: '^src/', pathNot: ROOT_FILES },
    },
    {
      name: 'domain-no-io',
      comment: 'domain/ does no I/O: no Node built-in modules',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '[.]test[.]ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sql-only-in-store',
      comment: 'only store/ talks to the database drivers and the query builder',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/(kysely|pg|better-sqlite3)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'no module imports itself through others (a cycle of type imports only is harmless)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '[.]test[.]ts$' },
  },
}
Object.defineProperty(module.exports, 'LAYERS', { value: LAYERS, enumerable: false })
