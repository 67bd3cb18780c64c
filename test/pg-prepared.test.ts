// Repeated statement texts run as named prepared statements on PostgreSQL (parsed and planned once
// per connection): the same results as unnamed ones, ad hoc texts stay unnamed, and a plan that a
// migration made stale is prepared anew instead of failing every later call.
import { randomBytes } from 'node:crypto'
import { CompiledQuery } from 'kysely'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseDatabaseValue } from '../src/config/single-values.js'
import { connect, preparedStatementsSetting } from '../src/store/connect.js'
import { prepareRepeatedStatements, StatementNames } from '../src/store/pg-prepared.js'
import { adminQuery, backends, withSearchPath } from './support/stores.js'

describe('statement names', () => {
  it('names a text from its second use on, the same name each time', () => {
    const names = new StatementNames()
    expect(names.nameOf('select 1')).toBeNull()
    const name = names.nameOf('select 1')
    expect(name).toMatch(/^bw_[0-9a-f]{20}_\d+$/)
    expect(names.nameOf('select 1')).toBe(name)
    expect(names.nameOf('select 2')).toBeNull()
  })

  it('gives a renewed text a new name', () => {
    const names = new StatementNames()
    names.nameOf('select 1')
    const first = names.nameOf('select 1')
    names.renew('select 1')
    const second = names.nameOf('select 1')
    expect(second).not.toBeNull()
    expect(second).not.toBe(first)
  })

  it('names at most 300 texts (a connection never holds more prepared statements)', () => {
    const names = new StatementNames()
    const named = new Set<string>()
    for (let i = 0; i < 400; i++) {
      names.nameOf(`select ${i}`)
      const n = names.nameOf(`select ${i}`)
      if (n) named.add(n)
    }
    expect(named.size).toBe(300)
    expect(names.nameOf('select 399')).toBeNull()
  })
})

const onPostgres = backends.some((b) => b.name === 'postgres')

describe.runIf(onPostgres)('prepared statements on PostgreSQL', () => {
  const url = process.env.BACKWATCH_TEST_PG_URL!
  let schema: string
  let pool: pg.Pool
  let client: pg.PoolClient

  beforeEach(async () => {
    schema = `bw_prep_${randomBytes(5).toString('hex')}`
    await adminQuery(
      url,
      `create schema ${schema}; create table ${schema}.t (a int); insert into ${schema}.t values (7)`,
    )
    pool = new pg.Pool({ connectionString: withSearchPath(url, schema), max: 1 })
    prepareRepeatedStatements(pool)
    client = await pool.connect()
  })

  afterEach(async () => {
    client.release()
    await pool.end()
    await adminQuery(url, `drop schema if exists ${schema} cascade`)
  })

  const prepared = async () =>
    (await client.query('select name, statement from pg_prepared_statements order by name')).rows as {
      name: string
      statement: string
    }[]

  it('prepares a repeated text once and answers as an unnamed statement would', async () => {
    const text = 'select a + $1::int as n from t'
    const answers: number[] = []
    for (const k of [1, 2, 3]) answers.push((await client.query(text, [k])).rows[0].n)
    expect(answers).toEqual([8, 9, 10])
    const statements = await prepared()
    expect(statements.filter((s) => s.statement === text)).toHaveLength(1)
    expect(statements.find((s) => s.statement === text)!.name).toMatch(/^bw_/)
    // the catalog read itself ran once: unnamed
    expect(statements.some((s) => s.statement.includes('pg_prepared_statements'))).toBe(false)
  })

  it('prepares anew, without an error, when a migration changed what select * returns', async () => {
    const text = 'select * from t where a > $1'
    await client.query(text, [0])
    expect((await client.query(text, [0])).rows).toEqual([{ a: 7 }])
    await adminQuery(url, `alter table ${schema}.t add column b int default 5`)
    expect((await client.query(text, [0])).rows).toEqual([{ a: 7, b: 5 }])
    expect((await client.query(text, [0])).rows).toEqual([{ a: 7, b: 5 }])
  })

  it('inside a transaction fails that transaction once; the next one succeeds', async () => {
    const text = 'select * from t where a > $1'
    await client.query(text, [0])
    await client.query(text, [0])
    await adminQuery(url, `alter table ${schema}.t add column b int default 5`)
    await client.query('begin')
    await expect(client.query(text, [0])).rejects.toMatchObject({ code: '0A000' })
    await client.query('rollback')
    await client.query('begin')
    expect((await client.query(text, [0])).rows).toEqual([{ a: 7, b: 5 }])
    await client.query('commit')
  })
})

describe('prepared_statements in the database URL', () => {
  it('is on unless the URL says off, and is taken out of the URL PostgreSQL sees', () => {
    expect(preparedStatementsSetting('postgres://u@h/db')).toEqual({
      url: 'postgres://u@h/db',
      prepare: true,
    })
    expect(preparedStatementsSetting('postgres://u@h/db?prepared_statements=off&sslmode=disable')).toEqual({
      url: 'postgres://u@h/db?sslmode=disable',
      prepare: false,
    })
    expect(preparedStatementsSetting('postgres://u@h/db?prepared_statements=on').prepare).toBe(true)
    expect(() => preparedStatementsSetting('postgres://u@h/db?prepared_statements=no')).toThrow(/on or off/)
  })

  it('is checked with the rest of the configuration', () => {
    expect(parseDatabaseValue('postgres://u@h/db?prepared_statements=maybe', '/')).toEqual({
      ok: false,
      message: 'prepared_statements in the PostgreSQL URL must be on or off',
    })
    expect(parseDatabaseValue('postgres://u@h/db?prepared_statements=off', '/').ok).toBe(true)
  })

  describe.runIf(onPostgres)('on a real connection', () => {
    const url = process.env.BACKWATCH_TEST_PG_URL!
    const preparedAfterRepeats = async (setting: string) => {
      const { db } = connect({ kind: 'postgres', url: `${url}${url.includes('?') ? '&' : '?'}${setting}` })
      try {
        for (let i = 0; i < 3; i++) await db.executeQuery(CompiledQuery.raw('select $1::int + 1 as n', [i]))
        const rows = (
          await db.executeQuery(CompiledQuery.raw('select statement from pg_prepared_statements', []))
        ).rows as { statement: string }[]
        return rows.filter((r) => r.statement === 'select $1::int + 1 as n').length
      } finally {
        await db.destroy()
      }
    }

    it('prepares repeated statements by default and not when off', async () => {
      expect(await preparedAfterRepeats('prepared_statements=on')).toBe(1)
      expect(await preparedAfterRepeats('prepared_statements=off')).toBe(0)
    })
  })
})
