import { spawn } from 'node:child_process'
import { type CommandSettings, commandSettings } from '../../../config/channels/command.js'
import { DeliveryError, type Notifier, type SendContext, type SendResult } from '../../notifier.js'
import { excerpt } from '../http-send.js'
import { tail } from '../text.js'
import { buildCommandInvocation, type CommandInvocation } from './body.js'

const KEEP = 4096
const KILL_GRACE_MS = 2_000
/** the program is missing or cannot be run: retrying will not help */
const PERMANENT_SPAWN_ERRORS = new Set(['ENOENT', 'EACCES', 'ENOTDIR', 'EISDIR', 'ENOEXEC', 'EPERM'])

export function runCommand(inv: CommandInvocation, ctx: SendContext): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    let stopped: string | null = null
    let settled = false
    const child = spawn(inv.file, inv.args, {
      shell: false,
      env: { ...process.env, ...inv.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    })
    const stop = () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref()
    }
    const timer = setTimeout(() => {
      stopped = `timed out after ${inv.timeoutMs} ms`
      stop()
    }, inv.timeoutMs)
    const onAbort = () => {
      stopped = 'timed out (the dispatcher aborted the send)'
      stop()
    }
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    if (ctx.signal.aborted) onAbort()
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      ctx.signal.removeEventListener('abort', onAbort)
      fn()
    }
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout = (stdout + c).slice(-KEEP)
    })
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr = (stderr + c).slice(-KEEP)
    })
    // a program that does not read stdin closes it early: that is not a failure
    child.stdin.on('error', () => {})
    child.stdin.end(inv.stdin)
    child.on('error', (err: NodeJS.ErrnoException) => {
      const permanent = PERMANENT_SPAWN_ERRORS.has(err.code ?? '')
      finish(() => reject(new DeliveryError(`command ${inv.file}: ${err.message}`, !permanent)))
    })
    child.on('close', (code, signal) => {
      finish(() => {
        if (code === 0) return resolve({ status: 0, detail: excerpt(tail(stdout, 200)) })
        const why = stopped ? stopped : code !== null ? `exited with code ${code}` : `killed by ${signal}`
        const err = excerpt(tail(stderr.trim(), 200))
        reject(new DeliveryError(`command ${inv.file} ${why}${err ? `: ${err}` : ''}`, true, null, code))
      })
    })
  })
}

export const commandNotifier = {
  kind: 'command',
  // one program at a time: scripts written for cron-style calls (appends, lock files) stay safe
  maxInFlight: 1,
  settings: commandSettings,
  send: (n, s, ctx) => runCommand(buildCommandInvocation(n, s), ctx),
} satisfies Notifier<CommandSettings>
