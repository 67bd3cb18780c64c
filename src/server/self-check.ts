// Watching the watcher (config `self_check:`): every `every`, probe the evaluator's and the
// dispatcher's loops (each runs a cycle now) and ping the external dead man's switch only when
// both finished one without an error in time. A stuck loop (a pass that never returns), a store
// that fails, or a dead process all stop the pings, and the switch alerts by its own channels.
import type { SelfCheckSpec } from '../config/self-check-spec.js'
import type { Logger } from '../log.js'

export interface ProbedLoop {
  name: string
  /** runs a cycle now: true when it finished without an error; may never resolve */
  probe(): Promise<boolean>
}

export interface SelfCheckOptions extends SelfCheckSpec {
  loops: ProbedLoop[]
  log: Logger
  /** how long a probe may take (default: every, at most 30 s) */
  probeTimeoutMs?: number
  /** how long the ping may take (default 10 s) */
  pingTimeoutMs?: number
}

export type SelfCheckOutcome = { pinged: true } | { pinged: false; reason: string }

/** The switch's address without path and query: those carry its secret key. */
function origin(url: string): string {
  return new URL(url).origin
}

export class SelfCheck {
  private timer: NodeJS.Timeout | null = null
  private stopped = true
  private running: Promise<SelfCheckOutcome> | null = null

  constructor(private readonly opts: SelfCheckOptions) {}

  start(): void {
    this.stopped = false
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      // a check still waiting on a stuck loop is not started twice
      if (this.running) return this.schedule()
      this.running = this.check().finally(() => {
        this.running = null
      })
      this.schedule()
    }, this.opts.everyMs)
    this.timer.unref()
  }

  /** One check: probe both loops, ping when both are healthy. */
  async check(): Promise<SelfCheckOutcome> {
    const unhealthy = await this.unhealthyLoops()
    if (unhealthy.length > 0) {
      const reason = unhealthy.join('; ')
      this.opts.log.warn('self_check: not pinging the dead man’s switch', { reason })
      return { pinged: false, reason }
    }
    try {
      const res = await fetch(this.opts.pingUrl, {
        headers: { 'User-Agent': 'backwatch-self-check' },
        signal: AbortSignal.timeout(this.opts.pingTimeoutMs ?? 10_000),
      })
      await res.arrayBuffer()
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return { pinged: true }
    } catch (err) {
      const reason = `ping to ${origin(this.opts.pingUrl)} failed: ${err instanceof Error ? err.message : String(err)}`
      this.opts.log.warn('self_check: the dead man’s switch was not reached', { reason })
      return { pinged: false, reason }
    }
  }

  private async unhealthyLoops(): Promise<string[]> {
    const limit = this.opts.probeTimeoutMs ?? Math.min(this.opts.everyMs, 30_000)
    const verdicts = await Promise.all(
      this.opts.loops.map(async (loop) => {
        let timer: NodeJS.Timeout | undefined
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), limit)
        })
        try {
          const ok = await Promise.race([loop.probe(), late])
          if (ok === 'late') return `the ${loop.name} did not finish a cycle within ${limit} ms`
          return ok ? null : `the ${loop.name}'s last cycle failed`
        } catch (err) {
          return `the ${loop.name} failed: ${err instanceof Error ? err.message : String(err)}`
        } finally {
          clearTimeout(timer)
        }
      }),
    )
    return verdicts.filter((v): v is string => v !== null)
  }
}

/** The configured self check over the evaluator and the dispatcher, or null when not configured. */
export function selfCheckOf(
  spec: SelfCheckSpec | undefined,
  loops: { evaluator: { probe(): Promise<boolean> }; dispatcher: { probe(): Promise<boolean> } },
  log: Logger,
): SelfCheck | null {
  if (!spec) return null
  return new SelfCheck({
    ...spec,
    log,
    loops: [
      { name: 'evaluator', probe: () => loops.evaluator.probe() },
      { name: 'dispatcher', probe: () => loops.dispatcher.probe() },
    ],
  })
}
