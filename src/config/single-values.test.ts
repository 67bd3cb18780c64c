import { describe, expect, it } from 'vitest'
import { problemsOf } from '../../test/support/config-files.js'
import { parseDatabaseUrl, parseListen } from './single-values.js'

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:8080', '127.0.0.1', 8080],
    ['0.0.0.0:0', '0.0.0.0', 0],
    ['localhost:65535', 'localhost', 65535],
    ['backwatch.internal:9000', 'backwatch.internal', 9000],
    ['[::1]:8080', '::1', 8080],
    ['[::]:80', '::', 80],
    ['[2001:db8::1]:443', '2001:db8::1', 443],
    [' 127.0.0.1:8080 ', '127.0.0.1', 8080],
  ])('%s', (text, host, port) => {
    expect(parseListen(text)).toEqual({ host, port })
  })

  it.each([
    ['127.0.0.1', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:http', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:-1', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:123456', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['::1:8080', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['[::1]', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:65536', 'port must be 0..65535'],
    [':8080', 'missing host, e.g. 0.0.0.0:8080 for all interfaces'],
    ['[zz]:80', 'not an IPv6 address between the brackets'],
    ['a b:80', 'invalid host'],
    ['-host:80', 'invalid host'],
  ])('rejects %j', (text, why) => {
    expect(problemsOf(() => parseListen(text))).toEqual([
      `invalid listen address ${JSON.stringify(text)} (${why})`,
    ])
  })
})

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/backwatch.db', { kind: 'sqlite', path: '/srv/bw/data/backwatch.db' }],
    ['sqlite:bw.db', { kind: 'sqlite', path: '/srv/bw/bw.db' }],
    ['sqlite:/var/lib/bw.db', { kind: 'sqlite', path: '/var/lib/bw.db' }],
    ['sqlite:///var/lib/bw.db', { kind: 'sqlite', path: '/var/lib/bw.db' }],
    ['sqlite://data/bw.db', { kind: 'sqlite', path: '/srv/bw/data/bw.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['postgres://bw:secret@db:5432/bw', { kind: 'postgres', url: 'postgres://bw:secret@db:5432/bw' }],
    ['postgresql://db/bw?sslmode=require', { kind: 'postgres', url: 'postgresql://db/bw?sslmode=require' }],
    [
      'postgres:///bw?host=/var/run/postgresql',
      { kind: 'postgres', url: 'postgres:///bw?host=/var/run/postgresql' },
    ],
  ])('%s', (text, expected) => {
    expect(parseDatabaseUrl(text, '/srv/bw')).toEqual(expected)
  })

  it.each([
    ['sqlite:', 'sqlite database URL needs a path, e.g. sqlite:./data/backwatch.db'],
    ['sqlite://', 'sqlite database URL needs a path, e.g. sqlite:./data/backwatch.db'],
    [
      'mysql://root:hunter2@db/bw',
      'unsupported database URL scheme "mysql:" (expected sqlite:PATH or postgres://…)',
    ],
    ['data.db', 'unsupported database URL (expected sqlite:PATH or postgres://…)'],
    ['postgres://', 'invalid PostgreSQL URL: missing host'],
    [
      'postgres://user:hunter2@[bad/db',
      'invalid PostgreSQL URL (expected postgres://USER:PASSWORD@HOST:PORT/DB)',
    ],
  ])('rejects %s', (text, message) => {
    expect(problemsOf(() => parseDatabaseUrl(text, '/srv/bw'))).toEqual([message])
  })
})
