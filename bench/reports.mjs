// Run reports per second through POST /api/v1/runs: one at a time, then 50 concurrent reporters
// (whose reports share transactions: group commit). The ratio of the two, measured in the same
// run, is what grouping buys; the absolute numbers depend on the machine. Asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { serveArgs } from './serve-args.mjs'

/**
 * 50 reporters through autocannon for `seconds` (fetch in one process tops out near the server's
 * own rate); the mean of its per-second counts (its `amount` mode ends on a whole-second tick).
 */
function cannon(url, headers, seconds, jobs) {
  let i = 0
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/api/v1/runs`,
        connections: 50,
        duration: seconds,
        method: 'POST',
        headers,
        requests: [
          {
            setupRequest(req) {
              const n = i++
              const body = {
                job: `job-${n % jobs}`,
                create: true,
                exit_code: n % 7 === 0 ? 2 : 0,
                size_bytes: 1e6 + n,
              }
              return { ...req, body: JSON.stringify(body) }
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err)
        const bad = r.errors + r.timeouts + (r.non2xx ?? 0)
        if (bad > 0) return reject(new Error(`${bad} reports failed`))
        resolve({ perSecond: r.requests.average, total: r.requests.total })
      },
    )
  })
}

export async function reportsBench(
  { ROOT, TOKEN, startProcess, stopProcess },
  { seconds = 10, jobs = 200 } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-reports-'))
  const bw = await startProcess(serveArgs(ROOT, join(dir, 'bw.db')), { BACKWATCH_API_TOKEN: TOKEN })
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }
  const post = (i) =>
    fetch(`${bw.url}/api/v1/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        job: `job-${i % jobs}`,
        create: true,
        exit_code: i % 7 === 0 ? 2 : 0,
        size_bytes: 1e6 + i,
      }),
    }).then(async (r) => {
      await r.arrayBuffer()
      if (r.status !== 201) throw new Error(`POST /runs answered ${r.status}`)
    })
  // one reporter posting its next report as soon as the last one was answered
  const rate = async (concurrency, n) => {
    let next = 0
    const reporter = async () => {
      while (next < n) await post(next++)
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: concurrency }, reporter))
    return n / ((performance.now() - started) / 1000)
  }
  try {
    for (let i = 0; i < jobs; i++) await post(i) // the jobs exist: what follows only reports
    const sequential = await rate(1, 2000)
    const concurrent = await cannon(bw.url, headers, seconds, jobs)
    return { seconds, sequential, concurrent: concurrent.perSecond, total: concurrent.total }
  } finally {
    await stopProcess(bw)
    rmSync(dir, { recursive: true, force: true })
  }
}
