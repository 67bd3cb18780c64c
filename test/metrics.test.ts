// GET /metrics against the real server: content and label escaping, auth, `promtool check
// metrics`, and a real Prometheus that scrapes it, evaluates the contrib rules and answers queries.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALERT_TYPES, SEVERITIES } from '../src/domain/types.js'
import { silentLogger } from '../src/log.js'
import { type Backwatch, startBackwatch } from '../src/server/start-backwatch.js'
import {
  type ApiApp,
  eventually,
  INGEST_TOKEN,
  type Json,
  READ_TOKEN,
  startApiApp,
} from './support/api-app.js'
import { tempDir, testConfig } from './support/app.js'
import { webhookChannel } from './support/channels.js'
import { closedPort } from './support/receiver.js'
import { hasTool } from './support/tools.js'

const ROOT = join(import.meta.dirname, '..')
const CONTRIB = join(ROOT, 'contrib')
const promtool = hasTool('promtool')
const prometheus = hasTool('prometheus')

const NOW = Date.now()
/** an ISO instant with milliseconds, `ms` before the test file started */
const at = (ms: number) => new Date(NOW - ms).toISOString()
/** the nightly job's run: finished 60.75 s ago with a millisecond part, after 61.5 s */
const NIGHTLY_END = Math.floor((NOW - 60_000) / 1000) * 1000 - 750
const NIGHTLY_START = NIGHTLY_END - 61_500
/** the failing job's run ended 30.5 s ago */
const FAILING_END = Math.floor((NOW - 30_000) / 1000) * 1000 - 500
const ODD_ENV = 'prod "eu"\\2\nb'
/** the labels of the nightly job, escaped as the exposition format wants them */
const NIGHTLY = 'job="nightly",server="db.1",environment="prod \\"eu\\"\\\\2\\nb",tool="restic"'
const FAILING = 'job="failing",server="nas-2",environment="staging",tool="borg"'
const PINGED = 'job="pinged",server="",environment="",tool="generic"'
const FRESH = 'job="fresh",server="",environment="",tool="generic"'
const HELD = 'job="held",server="",environment="",tool="generic"'

/** Sample lines by `name{labels}`, exactly as written. */
function samples(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    const key = line.slice(0, space)
    expect(out.has(key), `duplicate series ${key}`).toBe(false)
    out.set(key, line.slice(space + 1))
  }
  return out
}

const secondsOf = (ms: number) => String(ms / 1000)

/** Builds the fleet through the public API (servers, jobs, reported runs, a ping). */
async function fleet(t: ApiApp): Promise<void> {
  const ok = async (res: Promise<{ status: number; body: Json }>, status = 201) => {
    const r = await res
    expect(r.status, JSON.stringify(r.body)).toBe(status)
    return r.body
  }
  const post = (path: string, json?: unknown, token?: string) =>
    t.call(path, { method: 'POST', ...(json !== undefined && { json }), ...(token && { token }) })
  await ok(post('/servers', { name: 'db.1', environment: ODD_ENV, heartbeat_timeout: '1h' }))
  await ok(post('/servers', { name: 'nas-2', environment: 'staging', heartbeat_timeout: '1s' }))
  await ok(post('/servers', { name: 'quiet', environment: 'staging' }))
  for (const name of ['db.1', 'nas-2'])
    await ok(post(`/servers/${name}/heartbeat`, undefined, INGEST_TOKEN), 200)

  await ok(
    post('/jobs', {
      slug: 'nightly',
      server: 'db.1',
      environment: ODD_ENV,
      tool: 'restic',
      schedule: { every: '1d' },
    }),
  )
  await ok(
    post(
      '/runs',
      {
        job: 'nightly',
        status: 'succeeded',
        started_at: new Date(NIGHTLY_START).toISOString(),
        finished_at: new Date(NIGHTLY_END).toISOString(),
        size_bytes: 2 ** 40 + 5,
        added_bytes: 0,
      },
      INGEST_TOKEN,
    ),
  )
  await ok(post('/jobs', { slug: 'failing', server: 'nas-2', environment: 'staging', tool: 'borg' }))
  await ok(
    post(
      '/runs',
      {
        job: 'failing',
        status: 'failed',
        exit_code: 2,
        started_at: at(120_000),
        finished_at: new Date(FAILING_END).toISOString(),
        error: 'disk full',
      },
      INGEST_TOKEN,
    ),
  )
  const pinged = await ok(post('/jobs', { slug: 'pinged' }))
  expect((await fetch(`${t.url}/ping/${pinged.uuid}`, { method: 'POST', body: 'ok' })).status).toBe(200)
  await ok(post('/jobs', { slug: 'fresh' }))
  await ok(post('/jobs', { slug: 'held' }))
  await ok(post('/jobs/held/pause'), 200)

  // The run counters are kept by ingestion; fixed values here make the counter series exact.
  const nightly = await t.app.store.inProject(1).getJob({ slug: 'nightly' })
  await t.app.store
    .inProject(1)
    .updateJobState(nightly!.id, { runs_succeeded: 41, runs_warning: 2, runs_failed: 3 }, NOW)
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/metrics`, { headers })
}

const READ = { Authorization: `Bearer ${READ_TOKEN}` }

describe('GET /metrics', () => {
  let t: ApiApp
  let body: string
  beforeAll(async () => {
    t = await startApiApp()
    await fleet(t)
    // nas-2's heartbeat timeout is 1 s: wait until it is offline, and for alerts to settle
    await new Promise((r) => setTimeout(r, 1300))
    body = await eventually(async () => {
      const text = await (await scrape(t.url, READ)).text()
      return text.includes(`backwatch_job_status{${FAILING},status="down"} 1`) ? text : null
    })
  })
  afterAll(async () => {
    await t?.stop()
  })

  it('answers 401 without a valid token, 200 with a read (or higher) token, in format 0.0.4', async () => {
    const none = await scrape(t.url)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect(((await none.json()) as Json).error.code).toBe('unauthorized')
    expect((await scrape(t.url, { Authorization: 'Bearer not-a-token' })).status).toBe(401)

    for (const headers of [READ, { 'X-Api-Key': READ_TOKEN }, { Authorization: `Bearer ${INGEST_TOKEN}` }]) {
      const res = await scrape(t.url, headers)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
      expect(await res.text()).toContain('# TYPE backwatch_job_up gauge')
    }
    const head = await fetch(`${t.url}/metrics`, { method: 'HEAD', headers: READ })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect((await fetch(`${t.url}/metrics`, { method: 'POST', headers: READ })).status).toBe(405)
  })

  it('exposes every job with the SPEC §5 labels, escaped, and its status', () => {
    const s = samples(body)
    const jobs: [string, string][] = [
      [NIGHTLY, 'up'],
      [FAILING, 'down'],
      [PINGED, 'up'],
      [FRESH, 'new'],
      [HELD, 'paused'],
    ]
    for (const [labels, status] of jobs) {
      expect(s.get(`backwatch_job_up{${labels}}`)).toBe(status === 'up' ? '1' : '0')
      for (const each of ['new', 'up', 'grace', 'down', 'paused']) {
        expect(s.get(`backwatch_job_status{${labels},status="${each}"}`), `${labels} ${each}`).toBe(
          each === status ? '1' : '0',
        )
      }
    }
    expect(s.get('backwatch_jobs_total')).toBe('5')
    expect(s.get('backwatch_servers_total')).toBe('3')
  })

  it('exposes last success, last run, duration, sizes and run counters; omits unknown values', async () => {
    const s = samples(body)
    expect(s.get(`backwatch_job_last_success_timestamp_seconds{${NIGHTLY}}`)).toBe(secondsOf(NIGHTLY_END))
    expect(s.get(`backwatch_job_last_run_timestamp_seconds{${NIGHTLY}}`)).toBe(secondsOf(NIGHTLY_END))
    expect(secondsOf(NIGHTLY_END)).toMatch(/\.25$/)
    expect(s.get(`backwatch_job_last_run_duration_seconds{${NIGHTLY}}`)).toBe('61.5')
    expect(s.get(`backwatch_job_last_size_bytes{${NIGHTLY}}`)).toBe('1099511627781')
    expect(s.get(`backwatch_job_last_added_bytes{${NIGHTLY}}`)).toBe('0')
    expect(s.get(`backwatch_job_runs_total{${NIGHTLY},status="succeeded"}`)).toBe('41')
    expect(s.get(`backwatch_job_runs_total{${NIGHTLY},status="warning"}`)).toBe('2')
    expect(s.get(`backwatch_job_runs_total{${NIGHTLY},status="failed"}`)).toBe('3')

    // a failed run: a last run, no success, no sizes (none reported)
    expect(s.get(`backwatch_job_last_run_timestamp_seconds{${FAILING}}`)).toBe(secondsOf(FAILING_END))
    expect(s.get(`backwatch_job_last_run_duration_seconds{${FAILING}}`)).toBe(
      String((FAILING_END - (NOW - 120_000)) / 1000),
    )
    expect(s.has(`backwatch_job_last_success_timestamp_seconds{${FAILING}}`)).toBe(false)
    expect(s.has(`backwatch_job_last_size_bytes{${FAILING}}`)).toBe(false)

    // a Healthchecks ping: a success, no sizes
    const pinged = (await t.call('/jobs/pinged')).body
    const success = Number(s.get(`backwatch_job_last_success_timestamp_seconds{${PINGED}}`))
    expect(Math.abs(success * 1000 - Date.parse(pinged.last_success_at))).toBeLessThan(1000)
    expect(s.has(`backwatch_job_last_size_bytes{${PINGED}}`)).toBe(false)

    // never ran: only up, status and the (zero) counters
    for (const labels of [FRESH, HELD]) {
      const keys = [...s.keys()].filter((k) => k.includes(`{${labels}`))
      expect(keys.map((k) => k.slice(0, k.indexOf('{'))).sort()).toEqual([
        'backwatch_job_runs_total',
        'backwatch_job_runs_total',
        'backwatch_job_runs_total',
        'backwatch_job_status',
        'backwatch_job_status',
        'backwatch_job_status',
        'backwatch_job_status',
        'backwatch_job_status',
        'backwatch_job_up',
      ])
      expect(s.get(`backwatch_job_runs_total{${labels},status="succeeded"}`)).toBe('0')
    }
    expect(body).not.toMatch(/NaN|Inf/)
  })

  it('exposes server heartbeats (unknown servers left out) and active alerts as the API lists them', async () => {
    const s = samples(body)
    expect(s.get('backwatch_server_up{server="db.1",environment="prod \\"eu\\"\\\\2\\nb"}')).toBe('1')
    expect(s.get('backwatch_server_up{server="nas-2",environment="staging"}')).toBe('0')
    expect([...s.keys()].filter((k) => k.startsWith('backwatch_server_up'))).toHaveLength(2)
    expect(s.get(`backwatch_build_info{version="${(await t.call('/info')).body.version}"}`)).toBe('1')

    // a fresh scrape and the API agree on every severity × type (other rules may have opened more)
    const now = samples(await (await scrape(t.url, READ)).text())
    const active: { severity: string; type: string }[] = (await t.call('/alerts?status=active&limit=500'))
      .body.items
    for (const severity of SEVERITIES) {
      for (const type of ALERT_TYPES) {
        const expected = active.filter((a) => a.severity === severity && a.type === type).length
        expect(
          now.get(`backwatch_alerts_active{severity="${severity}",type="${type}"}`),
          `${severity} ${type}`,
        ).toBe(String(expected))
      }
    }
    expect(active.some((a) => a.type === 'job.failed')).toBe(true)
  })

  it.skipIf(!promtool)('passes `promtool check metrics` (format and lint)', () => {
    const res = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' })
    expect(`${res.stdout}${res.stderr}`).toBe('')
    expect(res.status).toBe(0)
  })

  it.skipIf(!promtool)('promtool reports a broken exposition (the check is not vacuous)', () => {
    const broken = `${body}backwatch_job_up{job="x} 1\n`
    const res = spawnSync('promtool', ['check', 'metrics'], { input: broken, encoding: 'utf8' })
    expect(res.status).not.toBe(0)
    const lint = spawnSync('promtool', ['check', 'metrics'], {
      input: '# HELP x_seconds_count x\n# TYPE x_seconds_count counter\nx_seconds_count 1\n',
      encoding: 'utf8',
    })
    expect(lint.status).not.toBe(0)
  })
})

describe('GET /metrics with metrics.public', () => {
  it('answers without a token', async () => {
    const t = await startApiApp({ metricsPublic: true })
    try {
      const res = await scrape(t.url)
      expect(res.status).toBe(200)
      const s = samples(await res.text())
      expect(s.get('backwatch_jobs_total')).toBe('0')
    } finally {
      await t.stop()
    }
  })
})

describe.skipIf(!promtool)('contrib/prometheus', () => {
  it('the alerting rules and the scrape config pass promtool', () => {
    const rules = spawnSync(
      'promtool',
      ['check', 'rules', join(CONTRIB, 'prometheus/backwatch-alerts.yml')],
      {
        encoding: 'utf8',
      },
    )
    expect(rules.stdout + rules.stderr).toContain('SUCCESS: 6 rules found')
    expect(rules.status).toBe(0)
    const config = spawnSync('promtool', ['check', 'config', join(CONTRIB, 'prometheus/prometheus.yml')], {
      encoding: 'utf8',
    })
    expect(config.stdout + config.stderr).toContain('is valid prometheus config file syntax')
    expect(config.status).toBe(0)
  })

  it('the alerting rules fire on the series they are written for (promtool test rules)', () => {
    const res = spawnSync(
      'promtool',
      ['test', 'rules', join(CONTRIB, 'prometheus/backwatch-alerts.test.yml')],
      {
        encoding: 'utf8',
      },
    )
    expect(res.stdout + res.stderr).toContain('SUCCESS')
    expect(res.status).toBe(0)
  })
})

describe('contrib/ uses the metric names /metrics exposes', () => {
  it('every backwatch_* name in the dashboard and the rules is exposed', async () => {
    const t = await startApiApp({ metricsPublic: true })
    let exposed: Set<string>
    try {
      const text = await (await scrape(t.url)).text()
      exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!))
    } finally {
      await t.stop()
    }
    const dashboard = readFileSync(join(CONTRIB, 'grafana/backwatch-dashboard.json'), 'utf8')
    const rules = readFileSync(join(CONTRIB, 'prometheus/backwatch-alerts.yml'), 'utf8')
    const used = new Set([...`${dashboard}\n${rules}`.matchAll(/\bbackwatch_[a-z_]+/g)].map((m) => m[0]))
    expect(used.size).toBeGreaterThan(5)
    for (const name of used) expect(exposed, name).toContain(name)
  })

  it('the dashboard is importable JSON with a templated datasource and environment/server variables', () => {
    const d = JSON.parse(readFileSync(join(CONTRIB, 'grafana/backwatch-dashboard.json'), 'utf8'))
    const vars = d.templating.list.map((v: Json) => `${v.name}:${v.type}`)
    expect(vars).toEqual(['datasource:datasource', 'environment:query', 'server:query'])
    const types = d.panels.map((p: Json) => p.type)
    expect(types).toContain('stat')
    expect(types).toContain('table')
    expect(types).toContain('timeseries')
    const ids = d.panels.map((p: Json) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const p of d.panels) {
      expect(p.datasource.uid).toBe('$' + '{datasource}')
      for (const target of p.targets) expect(target.expr).toMatch(/backwatch_/)
    }
  })
})

// ── a real Prometheus ────────────────────────────────────────────────────────

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

describe.skipIf(!prometheus)('a real Prometheus scraping /metrics', () => {
  let t: ApiApp
  let dir: string
  let child: ChildProcess
  let promUrl: string
  let log = ''

  async function query(expr: string): Promise<Json> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)
    const text = await res.text()
    expect(res.status, `${expr}: ${text}`).toBe(200)
    const json = JSON.parse(text)
    expect(json.status, `${expr}: ${text}`).toBe('success')
    return json.data
  }

  beforeAll(async () => {
    // a channel whose receiver is gone: the dashboard's channel panel has a series to show
    t = await startApiApp({ channels: [webhookChannel(`http://127.0.0.1:${await closedPort()}/gone`)] })
    await fleet(t)
    dir = mkdtempSync(join(tmpdir(), 'backwatch-prometheus-'))
    const target = new URL(t.url).host
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: {scrape_interval: 1s, evaluation_interval: 1s}',
        `rule_files: [${JSON.stringify(join(CONTRIB, 'prometheus/backwatch-alerts.yml'))}]`,
        'scrape_configs:',
        '  - job_name: backwatch',
        '    honor_labels: true',
        '    scrape_interval: 1s',
        '    scrape_timeout: 1s',
        `    authorization: {credentials: ${JSON.stringify(READ_TOKEN)}}`,
        `    static_configs: [{targets: [${JSON.stringify(target)}]}]`,
        '',
      ].join('\n'),
    )
    const port = await freePort()
    promUrl = `http://127.0.0.1:${port}`
    child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child.stdout?.on('data', (d) => {
      log += d
    })
    child.stderr?.on('data', (d) => {
      log += d
    })
  }, 30_000)

  afterAll(async () => {
    if (child) await stopChild(child)
    await t?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, 30_000)

  it('scrapes it and answers a query for backwatch_job_last_success_timestamp_seconds', async () => {
    const result = await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${log}`)
      // not listening yet (connection refused), or starting (503 until the TSDB is open)
      const res = await fetch(
        `${promUrl}/api/v1/query?query=backwatch_job_last_success_timestamp_seconds`,
      ).catch(() => null)
      if (res?.status !== 200) return null
      const data = ((await res.json()) as Json).data
      return (data.result as Json[]).find((r) => r.metric.job === 'nightly') ?? null
    }, 30_000)
    expect(result.metric).toEqual({
      __name__: 'backwatch_job_last_success_timestamp_seconds',
      job: 'nightly',
      server: 'db.1',
      environment: ODD_ENV,
      tool: 'restic',
      instance: new URL(t.url).host,
    })
    expect(Number(result.value[1])).toBe(NIGHTLY_END / 1000)

    // the scrape itself is healthy (the token was accepted), and other families arrived intact
    const up = await query('up{job="backwatch"}')
    expect(up.result.map((r: Json) => r.value[1])).toEqual(['1'])
    const size = await query('backwatch_job_last_size_bytes{job="nightly"}')
    expect(Number(size.result[0].value[1])).toBe(2 ** 40 + 5)
    const down = await query('backwatch_job_status{status="down"} == 1')
    expect(down.result.map((r: Json) => r.metric.job)).toEqual(['failing'])
    const runs = await query('sum(backwatch_job_runs_total{job="nightly"})')
    expect(runs.result[0].value[1]).toBe('46')
  }, 45_000)

  it('evaluates the contrib rules: healthy, and BackupJobDown pending for the failing job', async () => {
    const critical =
      ((await t.call('/alerts?status=active&severity=critical')).body.items as Json[]).length > 0
    // the rule groups are evaluated each on its own tick: wait until both have seen the scrape
    const alerts = await eventually(async () => {
      const res: Json = await (await fetch(`${promUrl}/api/v1/alerts`)).json()
      const list = res.data.alerts as Json[]
      const has = (name: string) => list.some((a) => a.labels.alertname === name)
      return has('BackupJobDown') && has('BackwatchAlertsCritical') === critical ? list : null
    }, 30_000)
    const jobDown = alerts.filter((a: Json) => a.labels.alertname === 'BackupJobDown')
    expect(jobDown.map((a: Json) => [a.labels.job, a.state])).toEqual([['failing', 'pending']])
    expect(critical).toBe(true)
    const rules: Json = await (await fetch(`${promUrl}/api/v1/rules`)).json()
    const all = rules.data.groups.flatMap((g: Json) => g.rules) as Json[]
    expect(all).toHaveLength(6)
    for (const rule of all)
      expect([rule.name, rule.health, rule.lastError ?? '']).toEqual([rule.name, 'ok', ''])
  }, 45_000)

  it('answers every dashboard query, and the template variables find the fleet', async () => {
    const d = JSON.parse(readFileSync(join(CONTRIB, 'grafana/backwatch-dashboard.json'), 'utf8'))
    // rate-style panels need a few scrapes
    await eventually(async () => {
      const data = await query('count_over_time(up{job="backwatch"}[1h])')
      return Number(data.result[0]?.value[1] ?? 0) >= 3
    }, 15_000)
    // "All" as Grafana interpolates it: the variables' allValue
    const all = Object.fromEntries(d.templating.list.map((v: Json) => [v.name, v.allValue]))
    for (const panel of d.panels) {
      for (const target of panel.targets) {
        const expr = (target.expr as string)
          .replaceAll('$environment', all.environment)
          .replaceAll('$server', all.server)
        const data = await query(expr)
        expect(data.result.length, `${panel.title}: ${expr}`).toBeGreaterThan(0)
      }
    }
    const envs: Json = await (
      await fetch(`${promUrl}/api/v1/label/environment/values?match[]=backwatch_job_up`)
    ).json()
    expect(envs.data).toEqual(expect.arrayContaining([ODD_ENV, 'staging']))
    const servers: Json = await (
      await fetch(`${promUrl}/api/v1/label/server/values?match[]=backwatch_job_up`)
    ).json()
    expect(servers.data).toEqual(expect.arrayContaining(['db.1', 'nas-2']))
  }, 45_000)
})

describe('GET /metrics with a large fleet', () => {
  const JOBS = 20_000
  let app: Backwatch
  let tmp: { dir: string; cleanup(): void }

  beforeAll(async () => {
    tmp = tempDir('backwatch-metrics-')
    const config = testConfig(tmp.dir, { metricsPublic: true })
    app = await startBackwatch(config, { log: silentLogger })
    // bulk rows straight into the same SQLite file (the API would take minutes for 20 000 jobs)
    const db = new Database((config.database as { path: string }).path)
    const now = Date.now()
    db.transaction(() => {
      const server = db.prepare(
        `insert into servers (name, environment, tags, created_at, updated_at) values (?, 'production', '[]', ?, ?)`,
      )
      for (let s = 1; s <= 100; s++) server.run(`srv-${s}`, now, now)
      const job = db.prepare(
        `insert into jobs (uuid, slug, name, server_id, environment, tags, tool, schedule_every, grace,
           warning_exit_codes, paused, status, last_success_at, runs_succeeded, created_at, updated_at)
         values (?, ?, ?, ?, 'production', '[]', 'restic', 86400000, 3600000, '[]', 0, 'up', ?, ?, ?, ?)`,
      )
      for (let i = 1; i <= JOBS; i++) {
        job.run(randomUUID(), `job-${i}`, `Job ${i}`, (i % 100) + 1, now - i, i, now, now)
      }
    })()
    db.close()
  }, 60_000)

  afterAll(async () => {
    await app?.stop()
    tmp?.cleanup()
  })

  it('streams every series of every job, in many chunks, each family whole', async () => {
    const res = await fetch(`${app.url}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBeNull()
    const counts = new Map<string, number>()
    let chunks = 0
    let rest = ''
    const decoder = new TextDecoder()
    let previous = ''
    const order: string[] = []
    for await (const chunk of res.body!) {
      chunks++
      const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
      rest = lines.pop()!
      for (const line of lines) {
        if (line.startsWith('#')) continue
        const name = line.slice(0, line.search(/[{ ]/))
        counts.set(name, (counts.get(name) ?? 0) + 1)
        if (name !== previous) order.push(name)
        previous = name
      }
    }
    expect(rest).toBe('')
    expect(chunks).toBeGreaterThan(10)
    // every family appears in one contiguous block
    expect(new Set(order).size).toBe(order.length)
    expect(counts.get('backwatch_jobs_total')).toBe(1)
    expect(counts.get('backwatch_job_up')).toBe(JOBS)
    expect(counts.get('backwatch_job_status')).toBe(5 * JOBS)
    expect(counts.get('backwatch_job_last_success_timestamp_seconds')).toBe(JOBS)
    expect(counts.get('backwatch_job_runs_total')).toBe(3 * JOBS)
    expect(counts.has('backwatch_job_last_size_bytes')).toBe(false)
  }, 60_000)

  it('survives clients that hang up mid-stream, and keeps answering', async () => {
    for (let k = 0; k < 3; k++) {
      const controller = new AbortController()
      const res = await fetch(`${app.url}/metrics`, { signal: controller.signal })
      const reader = res.body!.getReader()
      await reader.read()
      controller.abort()
      await reader.read().catch(() => undefined)
    }
    const res = await fetch(`${app.url}/metrics`)
    const text = await res.text()
    expect(text).toContain(`backwatch_jobs_total ${JOBS}\n`)
    expect(text.endsWith('\n')).toBe(true)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  }, 60_000)
})
