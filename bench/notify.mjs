// The notification benchmark of issue 5: deliveries per second to a local webhook sink when
// 1 000 alerts open at once, and the time from an alert opening (its run report answered) to
// its first delivery, one alert at a time at idle. Prints numbers, asserts nothing.
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveArgs } from './serve-args.mjs'

/** The webhook sink in its own process: its URL, its arrivals ([job, type, at] each) and stop(). */
export async function startSink(ROOT) {
  const proc = fork(join(ROOT, 'bench/sink.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  const url = await new Promise((resolve) => {
    proc.stdout.on('data', (d) => {
      const m = String(d).match(/listening on (http:\/\/\S+)/)
      if (m) resolve(m[1])
    })
  })
  const arrivals = () =>
    new Promise((resolve) => {
      proc.once('message', resolve)
      proc.send('dump')
    })
  return { url, arrivals, stop: () => proc.kill('SIGTERM') }
}

export async function notifyBench(
  { ROOT, TOKEN, startProcess, stopProcess },
  { burst = 1000, idle = 100 } = {},
) {
  const sink = await startSink(ROOT)
  const sinkUrl = sink.url
  const arrivals = sink.arrivals
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-notify-'))
  writeFileSync(
    join(dir, 'backwatch.yaml'),
    `channels:\n  - {name: sink, type: webhook, url: "${sinkUrl}/hook"}\n`,
  )
  const bw = await startProcess(serveArgs(ROOT, join(dir, 'bw.db'), join(dir, 'backwatch.yaml')), {
    BACKWATCH_API_TOKEN: TOKEN,
  })
  const headers = { Authorization: `Bearer ${TOKEN}` }
  const fail = (job) =>
    fetch(`${bw.url}/api/v1/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ job, create: true, exit_code: 1 }),
    }).then(async (r) => {
      await r.arrayBuffer()
      if (r.status !== 201) throw new Error(`POST /runs answered ${r.status}`)
      return Date.now()
    })

  // Idle: one alert at a time.
  const idleLatencies = []
  for (let i = 0; i < idle; i++) {
    const job = `idle-${i}`
    const opened = await fail(job)
    for (;;) {
      const got = (await arrivals()).find(([j]) => j === job)
      if (got) {
        idleLatencies.push(got[2] - opened)
        break
      }
      await new Promise((r) => setTimeout(r, 2))
    }
  }
  // Burst: many alerts opened at once (50 concurrent reporters).
  const started = Date.now()
  const jobs = Array.from({ length: burst }, (_, i) => `burst-${i}`)
  const opened = new Map()
  for (let i = 0; i < jobs.length; i += 50) {
    await Promise.all(jobs.slice(i, i + 50).map(async (j) => opened.set(j, await fail(j))))
  }
  const answered = Date.now()
  let done = []
  while (Date.now() - started < 120_000) {
    done = (await arrivals()).filter(([j]) => j.startsWith('burst-'))
    if (done.length >= burst) break
    await new Promise((r) => setTimeout(r, 20))
  }
  const last = Math.max(...done.map(([, , at]) => at))
  const burstLatencies = done.map(([j, , at]) => at - opened.get(j))
  await stopProcess(bw)
  sink.stop()
  rmSync(dir, { recursive: true, force: true })
  const q = (v, p) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * v.length))]
  return {
    idleP50: q(idleLatencies, 0.5),
    idleP99: q(idleLatencies, 0.99),
    burst: done.length,
    burstSeconds: (last - started) / 1000,
    perSecond: done.length / ((last - started) / 1000),
    burstP99: q(burstLatencies, 0.99),
    reportsSeconds: (answered - started) / 1000,
  }
}
