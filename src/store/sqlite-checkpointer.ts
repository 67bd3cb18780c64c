// Moves SQLite's WAL checkpoints off the event loop. With the default auto-checkpoint, the
// commit that crosses 1000 WAL pages copies them into the database file (and fsyncs it) while
// the request waits: a 5–10 ms stall every few hundred commits. Here the main connection never
// checkpoints; a worker thread with its own connection runs PASSIVE checkpoints (which never
// block writers) a few times a second. Should the worker die, auto-checkpoint comes back.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type SqliteDatabase from 'better-sqlite3'

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 1000')
db.pragma('synchronous = FULL')
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  stop(): Promise<void>
}

export function startCheckpointer(db: SqliteDatabase.Database, path: string, intervalMs = 250): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  db.pragma('wal_autocheckpoint = 0')
  const worker = new Worker(WORKER, { eval: true, workerData: { module, path, intervalMs } })
  worker.unref()
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  let stopping = false
  const fallback = () => {
    if (stopping) return
    try {
      db.pragma('wal_autocheckpoint = 1000')
    } catch {
      // the connection is already closed
    }
  }
  worker.once('error', fallback)
  worker.once('exit', fallback)
  return {
    async stop() {
      stopping = true
      worker.ref() // keep the process alive until the worker has closed its connection
      worker.postMessage('stop')
      await exited
    },
  }
}
