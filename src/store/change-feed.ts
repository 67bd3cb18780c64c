// Tells the processes sharing a database that something was committed (issue 10 A1/A3): the
// outbox got rows, the channels changed. A topic is published inside the transaction and heard
// only after it committed: in this process always, and on PostgreSQL by every other instance too
// (LISTEN/NOTIFY). Hearing a topic twice is harmless: listeners only wake loops or reload.
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

export type ChangeTopic = 'outbox' | 'channels' | 'projects'

export const CHANGE_TOPICS: readonly ChangeTopic[] = ['outbox', 'channels', 'projects']

export type ChangeListener = (topic: ChangeTopic) => void

export interface ChangeFeed {
  /** Called in the transaction, before its commit, with the topics it published (PostgreSQL: NOTIFY). */
  publishInTransaction(trx: Kysely<Database>, topics: ChangeTopic[]): Promise<void>
  /** Runs `listener` for every topic committed by this process and, where supported, by others. */
  subscribe(listener: ChangeListener): () => void
  /** Tells this process's listeners (after a commit). */
  emitLocal(topics: ChangeTopic[]): void
  close(): Promise<void>
}

/** In-process delivery only: enough for SQLite, whose database one process owns. */
export class LocalChangeFeed implements ChangeFeed {
  protected readonly listeners = new Set<ChangeListener>()

  async publishInTransaction(_trx: Kysely<Database>, _topics: ChangeTopic[]): Promise<void> {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emitLocal(topics: ChangeTopic[]): void {
    for (const topic of topics) {
      for (const l of this.listeners) {
        try {
          l(topic)
        } catch {
          // a listener's failure is its own; the others still hear the topic
        }
      }
    }
  }

  async close(): Promise<void> {
    this.listeners.clear()
  }
}
