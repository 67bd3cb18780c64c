// Makes SQLite commits durable off the main thread. The connection runs with synchronous=NORMAL
// (a commit writes its WAL frames but does not wait for the disk); whoever committed then waits
// for an fdatasync of the WAL file, which runs on libuv's thread pool. Meanwhile the event loop
// parses and commits the next batch, whose frames the next sync covers: commits and syncs form a
// pipeline, and every write is on disk before it is acknowledged (as with synchronous=FULL).
import { close, fdatasync, open } from 'node:fs'
import { promisify } from 'node:util'

const openFile = promisify(open)
const syncFile = promisify(fdatasync)
const closeFile = promisify(close)

/** The disk refused a sync: what was committed since the last good one may not survive a crash. */
export class DurabilityLost extends Error {
  /** a caller must not retry: the data was committed, only its durability is unknown */
  readonly retryable = false
}

export type SyncFn = (fd: number) => Promise<void>

export class WalSync {
  private fd: Promise<number> | null = null
  private running: Promise<void> | null = null
  private queued: Promise<void> | null = null
  private failure: DurabilityLost | null = null

  constructor(
    private readonly walPath: string,
    private readonly sync: SyncFn = syncFile,
  ) {}

  /** Resolves once everything written before this call is on disk (one sync serves many callers). */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (!this.running) {
      this.running = this.syncNow().finally(() => {
        this.running = null
      })
      return this.running
    }
    // The running sync may have started before our write: join the one after it.
    this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    )
    return this.queued
  }

  async close(): Promise<void> {
    await this.running?.catch(() => {})
    await this.queued?.catch(() => {})
    const fd = this.fd
    this.fd = null
    if (fd) await closeFile(await fd).catch(() => {})
  }

  private startQueued(): Promise<void> {
    this.queued = null
    return this.flush()
  }

  private async syncNow(): Promise<void> {
    try {
      this.fd ??= openFile(this.walPath, 'r')
      await this.sync(await this.fd)
    } catch (err) {
      // PostgreSQL's lesson: after a failed fsync the kernel may have dropped the dirty pages, so
      // a later sync succeeding proves nothing. Every later write is refused as not durable.
      this.failure = new DurabilityLost(
        `the database's write-ahead log could not be synced to disk: ${String(err)}`,
      )
      throw this.failure
    }
  }
}
