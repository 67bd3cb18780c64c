// Runs `backwatch serve` as a real child process (from the TypeScript sources via tsx).
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ENTRY = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

export interface ServerProcess {
  url: string
  proc: ChildProcess
  output(): string
  /** SIGTERM and wait; resolves with the exit code */
  stop(): Promise<number | null>
  /** SIGKILL and wait */
  kill(): Promise<void>
}

export function backwatchArgs(args: string[]): string[] {
  return ['--import', 'tsx', ENTRY, ...args]
}

export function runBackwatch(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  return spawnSync(process.execPath, backwatchArgs(args), {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
}

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs a program without blocking the event loop (for tests whose server or receiver runs in
 * this process): the exit code and both outputs, whatever the outcome.
 */
export async function execAsync(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<ExecResult> {
  try {
    const r = await promisify(execFile)(file, args, {
      env: { ...process.env, ...opts.env },
      cwd: opts.cwd ?? ROOT,
      timeout: opts.timeoutMs ?? 30_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** The CLI from the sources, without blocking the event loop (see execAsync). */
export function execBackwatch(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ExecResult> {
  return execAsync(process.execPath, backwatchArgs(args), { env })
}

export function startServerProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
  startTimeoutMs = 20_000,
): Promise<ServerProcess> {
  const proc = spawn(process.execPath, backwatchArgs(['serve', ...args]), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  proc.stderr!.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      reject(new Error(`backwatch did not start within ${startTimeoutMs} ms:\n${out}`))
    }, startTimeoutMs)
    const onData = () => {
      const m = out.match(/backwatch listening on (http:\/\/\S+)/)
      if (!m) return
      clearTimeout(timer)
      proc.stdout!.off('data', onData)
      resolve({
        url: m[1]!,
        proc,
        output: () => out,
        stop: async () => {
          proc.kill('SIGTERM')
          return exited
        },
        kill: async () => {
          proc.kill('SIGKILL')
          await exited
        },
      })
    }
    proc.stdout!.on('data', onData)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`backwatch exited with ${code} before listening:\n${out}`))
    })
  })
}
