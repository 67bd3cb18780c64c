// Runs `backwatch run|heartbeat` as a real child process (async, so an in-process receiver keeps
// answering), with its own spool directory.
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { backwatchArgs, ROOT } from './child.js'

export interface CliResult {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: Buffer
  stderr: string
  /** wall time of the whole process, ms */
  ms: number
}

export interface CliProcess {
  proc: ChildProcess
  result: Promise<CliResult>
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const t0 = Date.now()
  const proc = spawn(process.execPath, backwatchArgs(args), {
    cwd: ROOT,
    env: {
      ...process.env,
      BACKWATCH_URL: undefined,
      BACKWATCH_TOKEN: undefined,
      BACKWATCH_API_TOKEN: undefined,
      BACKWATCH_SPOOL_DIR: undefined,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out: Buffer[] = []
  let stderr = ''
  proc.stdout!.on('data', (d: Buffer) => out.push(d))
  proc.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const result = new Promise<CliResult>((resolve) => {
    proc.on('close', (status, signal) =>
      resolve({ status, signal, stdout: Buffer.concat(out), stderr, ms: Date.now() - t0 }),
    )
  })
  return { proc, result }
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).result
}

/** The reports waiting in a spool directory, oldest first. */
export function spooled(dir: string): { file: string; text: string; entry: Record<string, unknown> }[] {
  let files: string[]
  try {
    files = readdirSync(dir)
  } catch {
    return []
  }
  return files
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8')
      return { file, text, entry: JSON.parse(text) as Record<string, unknown> }
    })
}
