// What the ping sections share: a config with N jobs, load spread over them, and the CPU time a
// server process spent per request (Linux /proc; steadier than req/s on a noisy VM, where another
// tenant's load moves throughput but not the work done per request).
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'

/** The YAML of `count` jobs and their uuids. */
export function jobsConfig(count) {
  const uuids = Array.from({ length: count }, () => randomUUID())
  const yaml = `jobs:\n${uuids.map((u, i) => `  - slug: bench-${i}\n    uuid: ${u}\n`).join('')}`
  return { yaml, uuids }
}

/** autocannon options sending each request to one of `uuids`, picked at random. */
export function spreadOver(uuids) {
  return {
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: `/ping/${uuids[Math.floor(Math.random() * uuids.length)]}` }),
      },
    ],
  }
}

/** CPU milliseconds (user + system) in a /proc/PID/stat line. */
function statCpuMs(stat) {
  const fields = stat.split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10 // clock ticks of 10 ms
}

/** CPU milliseconds (user + system, all threads) the process has used, or NaN off Linux. */
export function cpuMs(pid) {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return Number.NaN
  }
}

/** Runs `measure` and adds the server's CPU microseconds per request to its summary. */
export async function withCpu(pid, measure) {
  const before = cpuMs(pid)
  const { result, summary } = await measure()
  const used = cpuMs(pid) - before
  return { ...summary, cpuUs: Math.round((used * 1000) / Math.max(1, result.requests.total)) }
}

/**
 * CPU milliseconds used so far by every PostgreSQL server process of this machine (its backends
 * included), or NaN off Linux: the database's share of a ping when it runs beside the bench.
 */
export function postgresCpuMs() {
  let total = 0
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        if (stat.includes(' (postgres) ')) total += statCpuMs(stat)
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return Number.NaN
  }
  return total
}
