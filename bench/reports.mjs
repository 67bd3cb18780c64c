// Run reports per second through POST /api/v1/runs: one at a time, then 50 concurrent reporters
// (whose reports share transactions: group commit). The ratio of the two, measured in the same
// run, is what grouping buys; the absolute numbers depend on the machine. Asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveArgs } from './serve-args.mjs'

export async function reportsBench(
  { ROOT, TOKEN, startProcess, stopProcess },
  { count = 10_000, jobs = 200 } = {},
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
  // `concurrency` reporters, each posting its next report as soon as the last one was answered
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
    const concurrent = await rate(50, count)
    return { count, sequential, concurrent }
  } finally {
    await stopProcess(bw)
    rmSync(dir, { recursive: true, force: true })
  }
}
