// The process's own PostgreSQL session. It carries the change feed across instances: NOTIFY
// inside the publishing transaction (sent by the server at commit, never for a rolled-back one)
// and LISTEN here; the channel name carries the schema, so instances on other schemas of the
// same database (other installations, tests) are not woken. It also holds the instance's
// liveness lock (instances-queries.ts), which PostgreSQL releases the moment the process dies.
// Reconnected with a pause when it drops.
import { createHash, randomInt } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import { CHANGE_TOPICS, type ChangeTopic, LocalChangeFeed } from './change-feed.js'
import { INSTANCE_LOCK_SPACE } from './instances-queries.js'
import type { Database } from './schema.js'

export function channelFor(schema: string): string {
  return `backwatch_${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`
}

export class PgChangeFeed extends LocalChangeFeed {
  private client: pg.Client | null = null
  private closed = false
  private retry: NodeJS.Timeout | null = null
  /** this process's liveness lock (second key of a two-key advisory lock) */
  readonly lockKey = randomInt(1, 2 ** 31 - 1)

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly reconnectMs = 1_000,
  ) {
    super()
  }

  override async publishInTransaction(trx: Kysely<Database>, topics: ChangeTopic[]): Promise<void> {
    for (const topic of new Set(topics)) await sql`select pg_notify(${this.channel}, ${topic})`.execute(trx)
  }

  /** Connects the LISTEN session; resolves once listening (or once the first attempt failed). */
  async start(): Promise<void> {
    if (this.closed || this.client) return
    const client = new pg.Client({ connectionString: this.url })
    this.client = client
    client.on('notification', (msg) => {
      const topic = msg.payload as ChangeTopic
      if (CHANGE_TOPICS.includes(topic)) this.emitLocal([topic])
    })
    const lost = (err: unknown) => {
      if (this.client !== client) return
      this.client = null
      client.removeAllListeners('notification')
      void client.end().catch(() => {})
      if (this.closed) return
      this.onError(err)
      this.retry = setTimeout(() => {
        this.retry = null
        void this.start()
      }, this.reconnectMs)
      this.retry.unref()
    }
    client.on('error', lost)
    client.on('end', () => lost(new Error('LISTEN connection closed')))
    try {
      await client.connect()
      await client.query(`LISTEN ${this.channel}`)
      await client.query('select pg_advisory_lock($1, $2)', [INSTANCE_LOCK_SPACE, this.lockKey])
    } catch (err) {
      lost(err)
    }
  }

  override async close(): Promise<void> {
    this.closed = true
    if (this.retry) clearTimeout(this.retry)
    const client = this.client
    this.client = null
    await client?.end().catch(() => {})
    await super.close()
  }
}
