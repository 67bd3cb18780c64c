// Opening a store on PostgreSQL while other schemas of the same database are created and dropped
// (other instances, other test files): the migrator's catalog reads must not fail because of them.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { openStore } from '../src/store/open-store.js'
import { adminQuery, backends, withSearchPath } from './support/stores.js'

const pgUrl = process.env.BACKWATCH_TEST_PG_URL
const onPostgres = backends.some((b) => b.name === 'postgres')

describe.runIf(onPostgres)('migrations on PostgreSQL beside schema churn', () => {
  it('opens every store while other schemas come and go', async () => {
    const url = pgUrl!
    let stop = false
    const churn = async () => {
      while (!stop) {
        const s = `bw_churn_${randomBytes(4).toString('hex')}`
        await adminQuery(url, `create schema ${s}; create table ${s}.a(x int); create table ${s}.b(y int)`)
        await adminQuery(url, `drop schema ${s} cascade`)
      }
    }
    const churners = [churn(), churn()]
    const outcomes: string[] = []
    try {
      for (let i = 0; i < 6; i++) {
        const schema = `bw_open_${randomBytes(4).toString('hex')}`
        await adminQuery(url, `create schema ${schema}`)
        try {
          const store = await openStore({ kind: 'postgres', url: withSearchPath(url, schema) })
          await store.close()
          outcomes.push('ok')
        } catch (err) {
          outcomes.push(String(err))
        } finally {
          await adminQuery(url, `drop schema if exists ${schema} cascade`)
        }
      }
    } finally {
      stop = true
      await Promise.all(churners)
    }
    expect(outcomes).toEqual(Array(6).fill('ok'))
  }, 60_000)
})
