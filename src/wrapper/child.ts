// Runs the wrapped command: stdin inherited, stdout and stderr piped through unchanged (bytes,
// with backpressure) while their tails are kept for the report.
import { type ChildProcess, spawn } from 'node:child_process'
import { constants } from 'node:os'
import { LOG_TAIL_BYTES } from './reports.js'
import { TailBuffer } from './tail-buffer.js'

export const STDOUT_TAIL_BYTES = 2 * 1024 * 1024
export const STDERR_TAIL_BYTES = 256 * 1024
/** how long to wait for the output pipes to close once the command exited (a background
 * grandchild may hold them open) */
const CLOSE_GRACE_MS = 1000

export interface ChildOutcome {
  /** what the wrapper exits with: the command's code, 128+signal, 127/126 when it could not start */
  exitCode: number
  signal: NodeJS.Signals | null
  spawnError: string | null
  finishedAt: number
}

export interface RunningChild {
  proc: ChildProcess
  log: TailBuffer
  stdout: TailBuffer
  stderr: TailBuffer
  done: Promise<ChildOutcome>
  /** true until the command exited (or failed to start) */
  running(): boolean
  /** stops passing output through (the wrapper is about to exit) */
  detach(): void
}

function spawnErrorText(command: string, err: NodeJS.ErrnoException): { code: number; text: string } {
  if (err.code === 'ENOENT') return { code: 127, text: `cannot run "${command}": command not found` }
  if (err.code === 'EACCES') return { code: 126, text: `cannot run "${command}": permission denied` }
  return { code: 126, text: `cannot run "${command}": ${err.message}` }
}

export function startChild(command: string[]): RunningChild {
  const log = new TailBuffer(LOG_TAIL_BYTES)
  const stdout = new TailBuffer(STDOUT_TAIL_BYTES)
  const stderr = new TailBuffer(STDERR_TAIL_BYTES)
  const proc = spawn(command[0]!, command.slice(1), { stdio: ['inherit', 'pipe', 'pipe'] })
  let exited = false

  // Our own stdout/stderr may go away (`backwatch run … | head`): the command keeps running.
  const ignore = () => {}
  process.stdout.on('error', ignore)
  process.stderr.on('error', ignore)
  proc.stdout!.on('data', (chunk: Buffer) => {
    stdout.write(chunk)
    log.write(chunk)
  })
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr.write(chunk)
    log.write(chunk)
  })
  proc.stdout!.pipe(process.stdout, { end: false })
  proc.stderr!.pipe(process.stderr, { end: false })

  const done = new Promise<ChildOutcome>((resolve) => {
    let outcome: ChildOutcome | null = null
    let settled = false
    let grace: NodeJS.Timeout | undefined
    const finish = () => {
      if (settled || !outcome) return
      settled = true
      clearTimeout(grace)
      resolve(outcome)
    }
    proc.on('error', (err: NodeJS.ErrnoException) => {
      // after a successful start (a failed kill), the exit still comes
      if (proc.pid !== undefined) return
      exited = true
      const { code, text } = spawnErrorText(command[0]!, err)
      outcome = { exitCode: code, signal: null, spawnError: text, finishedAt: Date.now() }
      finish()
    })
    proc.once('exit', (code, signal) => {
      exited = true
      const signo = signal ? (constants.signals as Record<string, number>)[signal] : undefined
      outcome = {
        exitCode: signal ? 128 + (signo ?? 0) : (code ?? 1),
        signal: signal ?? null,
        spawnError: null,
        finishedAt: Date.now(),
      }
      // the output may still be in the pipes: wait for them to close, but not forever
      grace = setTimeout(finish, CLOSE_GRACE_MS)
    })
    proc.once('close', () => finish())
  })

  return {
    proc,
    log,
    stdout,
    stderr,
    done,
    running: () => !exited,
    detach() {
      proc.stdout!.unpipe(process.stdout)
      proc.stderr!.unpipe(process.stderr)
      proc.stdout!.destroy()
      proc.stderr!.destroy()
    },
  }
}
