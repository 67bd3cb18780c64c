// Large tool outputs are parsed on a worker thread: JSON.parse of a 16 MB body holds the event
// loop for a few hundred ms, and pings must be answered meanwhile. Small bodies are parsed inline
// (a round trip to the worker costs more). One worker serves the process, one task at a time; it
// is started on first use, does not keep the process alive and ends after a minute of idleness.
// The body's memory is handed to the worker and back rather than copied (a 16 MB copy into fresh
// memory took up to 40 ms here): the caller gets the body back with the result.
import { Worker } from 'node:worker_threads'
import {
  failureError,
  type ParseOutcome,
  type ParseTask,
  type ParseValue,
  runParseTask,
} from './parse-task.js'

/** Parsing this much takes a few ms at most, less than a round trip to the worker. */
export const INLINE_PARSE_MAX_BYTES = 128 * 1024
const IDLE_MS = 60_000

interface Parsed<V> {
  outcome: ParseOutcome<V>
  body: Buffer
}

interface Pending {
  resolve: (parsed: Parsed<unknown>) => void
  reject: (err: Error) => void
}

interface Reply {
  id: number
  outcome?: ParseOutcome<unknown>
  crash?: string
  bytes: Uint8Array
}

/** Bytes that own their whole memory can be handed over; a view into shared memory is copied. */
function ownBytes(body: Buffer): Uint8Array {
  const owns = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength
  return owns ? body : new Uint8Array(body)
}

/** Under the TypeScript sources (tests, tsx) the worker loads its entry through tsx's loader. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', import.meta.url))
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href)
  return new Worker(`import(${tsx}).then((tsx) => tsx.tsImport(${entry}, ${entry}))`, { eval: true })
}

class ParseWorker {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private idle: NodeJS.Timeout | null = null

  constructor() {
    this.worker = startWorker()
    this.worker.unref()
    this.worker.on('message', (reply: Reply) => this.answer(reply))
    this.worker.on('error', (err) => this.fail(err))
    this.worker.on('exit', (code) => this.fail(new Error(`the parse worker exited (code ${code})`)))
  }

  /** `body` is unusable afterwards: use the one given back. */
  run(task: ParseTask, body: Buffer): Promise<Parsed<unknown>> {
    if (this.idle) clearTimeout(this.idle)
    const id = this.nextId++
    const bytes = ownBytes(body)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ id, task, bytes }, [bytes.buffer as ArrayBuffer])
    })
  }

  private answer(reply: Reply): void {
    const p = this.pending.get(reply.id)
    this.pending.delete(reply.id)
    const body = Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength)
    if (reply.outcome) p?.resolve({ outcome: reply.outcome, body })
    else p?.reject(new Error(`parsing failed: ${reply.crash}`))
    if (this.pending.size === 0) {
      this.idle = setTimeout(() => {
        this.retire()
        void this.worker.terminate()
      }, IDLE_MS)
      this.idle.unref()
    }
  }

  /** No new task comes here: the next one starts a new worker. */
  private retire(): void {
    if (shared === this) shared = null
  }

  private fail(err: Error): void {
    this.retire()
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }
}

let shared: ParseWorker | null = null

function worker(): ParseWorker {
  shared ??= new ParseWorker()
  return shared
}

/**
 * Parses `body` as the task says; throws ReportParseError, EmptyOutput or TooManyEntries. Takes
 * the body over: use the one returned with the value.
 */
export async function parseOffLoop<T extends ParseTask>(
  task: T,
  body: Buffer,
): Promise<{ value: ParseValue<T>; body: Buffer }> {
  const parsed =
    body.length <= INLINE_PARSE_MAX_BYTES
      ? { outcome: runParseTask(task, body), body }
      : ((await worker().run(task, body)) as Parsed<ParseValue<T>>)
  if (!parsed.outcome.ok) throw failureError(parsed.outcome.failure)
  return { value: parsed.outcome.value, body: parsed.body }
}
