import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type ConfigError, loadConfig } from './config.js'

const dir = mkdtempSync(join(tmpdir(), 'backwatch-http-spec-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function load(text: string) {
  writeFileSync(join(dir, 'bw.yaml'), text)
  return loadConfig({ flags: { config: 'bw.yaml' }, env: {}, cwd: dir })
}

describe('config file http section', () => {
  it('sets the connection limits it names; the others keep their defaults', () => {
    expect(load('http: {max_connections: 50, header_timeout: 5s, request_timeout: 1m}\n').http).toEqual({
      maxConnections: 50,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 60_000,
    })
    expect(load('http: {header_timeout: 2s}\n').http).toEqual({ headersTimeoutMs: 2000 })
    expect(load('ping_body_limit: 10\n').http).toBeUndefined()
  })

  it('names each bad key', () => {
    let problems: string[] = []
    try {
      load('http:\n  max_connections: 0\n  header_timeout: soon\n  idle: 3\n')
    } catch (err) {
      problems = (err as ConfigError).problems
    }
    expect(problems).toEqual([
      expect.stringMatching(/^http\.max_connections: .*\(line 2\)$/),
      expect.stringMatching(/^http\.header_timeout: invalid duration "soon".*\(line 3\)$/),
      'http.idle: unknown key (line 4)',
    ])
  })
})
