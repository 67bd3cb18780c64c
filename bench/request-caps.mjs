// One request must not hold the server (issue 10 B1). A real `backwatch serve` on SQLite, and
// from this process one ping at a time (every 5 ms) to a job of its own: the pings' latency
// p50/p99/max with nothing else going on, while a resticprofile status file at the limits is
// stored (1000 profiles × 5 commands = 5000 runs, every job created by it), while the old
// 50 000-profile file is refused (413) and while a 13 MB snapshot list (40 000 snapshots) is
// read. Goal: pings answered within 50 ms throughout. Prints numbers, asserts nothing.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { serveArgs } from './serve-args.mjs'

const COMMANDS = ['backup', 'check', 'retention', 'prune', 'copy']

function statusFile(profiles, commands, full) {
  const time = new Date(Date.now() - 3_600_000).toISOString()
  const status = full
    ? { success: true, time, error: '', stderr: '', duration: 17, files_new: 12, files_changed: 3 }
    : { success: true, time }
  const entry = Object.fromEntries(COMMANDS.slice(0, commands).map((c) => [c, status]))
  const all = {}
  for (let i = 0; i < profiles; i++) all[`profile-${i}`] = entry
  return JSON.stringify({ profiles: all })
}

function snapshotList(count) {
  const day = 86_400_000
  const list = Array.from({ length: count }, (_, i) => ({
    time: new Date(Date.UTC(2020, 0, 1) + (i % 2000) * day).toISOString(),
    tree: 'a'.repeat(64),
    paths: ['/home'],
    hostname: `host-${i % 50}`,
    username: 'root',
    id: 'b'.repeat(64),
    short_id: 'bbbbbbbb',
    program_version: 'restic 0.17.3',
  }))
  return JSON.stringify(list)
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]

function stats(latencies) {
  const s = [...latencies].sort((a, b) => a - b)
  return { n: s.length, p50: pct(s, 0.5), p99: pct(s, 0.99), max: s.at(-1) }
}

// The pings come from a worker thread of their own, so that building and uploading the big
// bodies here never delays them: what they measure is the server.
const PINGER = `
const { parentPort, workerData } = require('node:worker_threads')
let stop = false
parentPort.on('message', () => { stop = true })
;(async () => {
  const latencies = []
  while (!stop) {
    const t0 = performance.now()
    const res = await fetch(workerData.url)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error('ping answered ' + res.status)
    latencies.push(performance.now() - t0)
    await new Promise((r) => setTimeout(r, 5))
  }
  parentPort.postMessage(latencies)
})()
`

/** Pings one at a time until `done` settles; returns their latencies. */
async function pingWhile(url, done) {
  const worker = new Worker(PINGER, { eval: true, workerData: { url } })
  const latencies = new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  await done.catch(() => {})
  worker.postMessage('stop')
  const out = await latencies
  await worker.terminate()
  return out
}

async function timed(request) {
  const t0 = performance.now()
  const res = await request()
  await res.arrayBuffer()
  return { status: res.status, ms: performance.now() - t0 }
}

export async function requestCapsBench({ ROOT, TOKEN, startProcess, stopProcess }) {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-caps-'))
  const uuid = randomUUID()
  // every profile's job is created by the file: the costliest file the limits let through
  const config = `jobs:\n  - {slug: pinger, uuid: ${uuid}}\n  - {slug: vm, tool: restic}\nlimits: {jobs_per_request: 1000}\n`
  writeFileSync(join(dir, 'backwatch.yaml'), config)
  const bw = await startProcess(serveArgs(ROOT, join(dir, 'bw.db'), join(dir, 'backwatch.yaml')), {
    BACKWATCH_API_TOKEN: TOKEN,
  })
  const ping = `${bw.url}/ping/${uuid}`
  const post = (path, body) => () =>
    fetch(`${bw.url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body })
  const during = async (request) => {
    const answer = timed(request)
    const latencies = await pingWhile(ping, answer)
    return { ...(await answer), pings: stats(latencies) }
  }
  try {
    const idle = stats(await pingWhile(ping, new Promise((r) => setTimeout(r, 3000))))
    const maxFile = statusFile(1000, 5, true)
    const max = await during(post('/runs?format=resticprofile&create=1', maxFile))
    const oldFile = statusFile(50_000, 1, false)
    const old = await during(post('/runs?format=resticprofile&create=1', oldFile))
    const list = snapshotList(40_000)
    const snapshots = await during(post('/jobs/vm/snapshots?format=restic', list))
    return {
      idle,
      max: { ...max, runs: 5000, mb: maxFile.length / 1e6 },
      old: { ...old, mb: oldFile.length / 1e6 },
      snapshots: { ...snapshots, mb: list.length / 1e6 },
    }
  } finally {
    await stopProcess(bw)
    rmSync(dir, { recursive: true, force: true })
  }
}
