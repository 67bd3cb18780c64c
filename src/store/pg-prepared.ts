// PostgreSQL parses and plans an unnamed statement on every execution: 0.2-0.4 ms for the ping
// path's job lookup, more than running it, with the batch's row lock held meanwhile. A statement
// text that repeats runs as a named prepared statement instead: parsed once per connection, and
// PostgreSQL may keep its plan. Texts seen once (ad hoc queries) stay unnamed.
import { createHash } from 'node:crypto'
import type pg from 'pg'

/** uses of a text before it is prepared */
const MIN_USES = 2
/** texts counted, and names given, at most (a connection never holds more prepared statements) */
const MAX_TEXTS = 2000
const MAX_NAMES = 300

interface Seen {
  uses: number
  name: string | null
}

export class StatementNames {
  private readonly seen = new Map<string, Seen>()
  private named = 0
  private generation = 0

  /** The name to prepare `text` under, or null to run it unnamed. */
  nameOf(text: string): string | null {
    let s = this.seen.get(text)
    if (!s) {
      if (this.seen.size >= MAX_TEXTS) this.forgetOldest()
      s = { uses: 0, name: null }
      this.seen.set(text, s)
    }
    s.uses++
    if (s.name === null && s.uses >= MIN_USES && this.named < MAX_NAMES) {
      s.name = this.freshName(text)
      this.named++
    }
    return s.name
  }

  /** The statement failed as prepared (its plan outlived a schema change): prepare it anew. */
  renew(text: string): void {
    const s = this.seen.get(text)
    if (s?.name) s.name = this.freshName(text)
  }

  private freshName(text: string): string {
    const digest = createHash('sha1').update(text).digest('hex').slice(0, 20)
    return `bw_${digest}_${this.generation++}`
  }

  /** Unnamed texts go first: a named one stays, so no connection prepares it twice over. */
  private forgetOldest(): void {
    for (const [text, s] of this.seen) {
      if (s.name === null) {
        this.seen.delete(text)
        return
      }
    }
  }
}

// PostgreSQL's codes for a prepared statement that no longer fits: "cached plan must not change
// result type" (a column added by a migration under `select *`), a missing one and one already
// there (a pooler moved the session to another server connection).
const STALE_PLAN = new Set(['0A000', '26000', '42P05'])

/** Makes each client the pool creates run repeated statement texts as prepared statements. */
export function prepareRepeatedStatements(pool: pg.Pool, names = new StatementNames()): void {
  pool.on('connect', (client) => {
    const plain = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>
    const prepared = async (text: string, values: unknown[]) => {
      const name = names.nameOf(text)
      if (name === null) return plain(text, values)
      try {
        return await plain({ name, text, values })
      } catch (err) {
        if (!STALE_PLAN.has((err as { code?: string }).code ?? '')) throw err
        names.renew(text)
        // outside a transaction nothing was done: prepare it anew at once ('I': idle). Inside one,
        // the transaction failed; its caller tries again, and then meets the new name.
        if (client.getTransactionStatus() !== 'I') throw err
        return plain({ name: names.nameOf(text), text, values })
      }
    }
    // Kysely calls query(text, values); anything else (a cursor, a config object) passes through.
    ;(client as unknown as { query: unknown }).query = (...args: unknown[]) =>
      typeof args[0] === 'string' && Array.isArray(args[1]) && args.length === 2
        ? prepared(args[0], args[1])
        : plain(...args)
  })
}
