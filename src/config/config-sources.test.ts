import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { load, problemsOf, tempDir } from '../../test/support/config-files.js'
import { type Config, type ConfigFlags, loadConfig } from './config.js'

describe('loadConfig: precedence flag > env > file > default', () => {
  const FILE = ['listen: 10.0.0.3:3', 'database: sqlite:/file.db', 'base_url: http://file.example']
  const table: [
    string,
    Partial<ConfigFlags>,
    NodeJS.ProcessEnv,
    string[],
    Pick<Config, 'listen' | 'database' | 'baseUrl'>,
  ][] = [
    [
      'flags win',
      { listen: '10.0.0.1:1', database: 'sqlite:/flag.db', baseUrl: 'http://flag.example' },
      {
        BACKWATCH_LISTEN: '10.0.0.2:2',
        BACKWATCH_DATABASE_URL: 'sqlite:/env.db',
        BACKWATCH_BASE_URL: 'http://env.example',
      },
      FILE,
      {
        listen: { host: '10.0.0.1', port: 1 },
        database: { kind: 'sqlite', path: '/flag.db' },
        baseUrl: 'http://flag.example',
      },
    ],
    [
      'env beats file',
      {},
      {
        BACKWATCH_LISTEN: '10.0.0.2:2',
        BACKWATCH_DATABASE_URL: 'postgresql://env-db/bw',
        BACKWATCH_BASE_URL: 'http://env.example/bw/',
      },
      FILE,
      {
        listen: { host: '10.0.0.2', port: 2 },
        database: { kind: 'postgres', url: 'postgresql://env-db/bw' },
        baseUrl: 'http://env.example/bw',
      },
    ],
    [
      'file beats default',
      {},
      {},
      FILE,
      {
        listen: { host: '10.0.0.3', port: 3 },
        database: { kind: 'sqlite', path: '/file.db' },
        baseUrl: 'http://file.example',
      },
    ],
    [
      'empty env counts as unset',
      {},
      { BACKWATCH_LISTEN: '', BACKWATCH_DATABASE_URL: '', BACKWATCH_BASE_URL: '' },
      FILE,
      {
        listen: { host: '10.0.0.3', port: 3 },
        database: { kind: 'sqlite', path: '/file.db' },
        baseUrl: 'http://file.example',
      },
    ],
    [
      'defaults',
      {},
      {},
      [],
      { listen: { host: '127.0.0.1', port: 8080 }, database: { kind: 'sqlite', path: '' }, baseUrl: null },
    ],
  ]
  it.each(table)('%s', (_name, flags, env, file, expected) => {
    const dir = tempDir({ 'bw.yaml': file })
    const config = loadConfig({ flags: { config: 'bw.yaml', ...flags }, env, cwd: dir })
    if (expected.database.kind === 'sqlite' && expected.database.path === '') {
      expected.database.path = join(dir, 'data/backwatch.db')
    }
    expect({ listen: config.listen, database: config.database, baseUrl: config.baseUrl }).toEqual(expected)
  })

  it('ignores an invalid env value overridden by a flag', () => {
    const config = load([], { flags: { listen: '127.0.0.1:0' }, env: { BACKWATCH_LISTEN: 'garbage' } })
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 0 })
  })

  it('takes the API token from BACKWATCH_API_TOKEN', () => {
    expect(load([], { env: { BACKWATCH_API_TOKEN: 'bootstrap-token-123' } }).apiToken).toBe(
      'bootstrap-token-123',
    )
    expect(load([], { env: { BACKWATCH_API_TOKEN: '' } }).apiToken).toBeNull()
  })
})

describe('loadConfig: which config file', () => {
  it('--config beats BACKWATCH_CONFIG beats ./backwatch.yaml', () => {
    const dir = tempDir({
      'flag.yaml': ['listen: 127.0.0.1:1'],
      'env.yaml': ['listen: 127.0.0.1:2'],
      'backwatch.yaml': ['listen: 127.0.0.1:3'],
    })
    const env = { BACKWATCH_CONFIG: 'env.yaml' }
    const viaFlag = loadConfig({ flags: { config: 'flag.yaml' }, env, cwd: dir })
    expect([viaFlag.configPath, viaFlag.listen.port]).toEqual([join(dir, 'flag.yaml'), 1])
    const viaEnv = loadConfig({ env, cwd: dir })
    expect([viaEnv.configPath, viaEnv.listen.port]).toEqual([join(dir, 'env.yaml'), 2])
    const viaDefault = loadConfig({ env: {}, cwd: dir })
    expect([viaDefault.configPath, viaDefault.listen.port]).toEqual([join(dir, 'backwatch.yaml'), 3])
  })

  it('accepts an absolute path', () => {
    const dir = tempDir({ 'x.yaml': ['listen: 127.0.0.1:5'] })
    expect(loadConfig({ flags: { config: join(dir, 'x.yaml') }, env: {}, cwd: tempDir() }).listen.port).toBe(
      5,
    )
  })

  it('runs without a file when ./backwatch.yaml does not exist', () => {
    expect(loadConfig({ env: {}, cwd: tempDir() }).configPath).toBeNull()
  })

  it.each([
    ['--config', { config: 'missing.yaml' }, {}],
    ['BACKWATCH_CONFIG', {}, { BACKWATCH_CONFIG: 'missing.yaml' }],
  ] as [string, Partial<ConfigFlags>, NodeJS.ProcessEnv][])(
    'fails when %s names a missing file',
    (label, flags, env) => {
      const dir = tempDir()
      expect(problemsOf(() => loadConfig({ flags, env, cwd: dir }))).toEqual([
        `${label}: config file not found: ${join(dir, 'missing.yaml')}`,
      ])
    },
  )

  it('fails when the config path is a directory', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'backwatch.yaml'))
    expect(problemsOf(() => loadConfig({ env: {}, cwd: dir }))).toEqual([
      `${join(dir, 'backwatch.yaml')}: is a directory`,
    ])
  })
})
