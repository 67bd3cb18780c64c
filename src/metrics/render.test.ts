import { describe, expect, it } from 'vitest'
import type { MetricsJobRow } from '../domain/metrics-rows.js'
import { ALERT_TYPES } from '../domain/types.js'
import {
  escapeHelp,
  escapeLabelValue,
  familyHeader,
  formatValue,
  labelPairs,
  msToSeconds,
  sample,
} from './exposition.js'
import { fleetFamilies, JOB_FAMILIES, JobColumns, jobFamilies } from './render.js'

function row(overrides: Partial<MetricsJobRow> = {}): MetricsJobRow {
  return {
    id: 1,
    slug: 'nightly',
    serverName: 'db-1',
    environment: 'production',
    tool: 'restic',
    status: 'up',
    lastSuccessAt: 1_767_225_660_250,
    lastRunFinishedAt: 1_767_225_660_250,
    lastRunDurationMs: 60_250,
    lastRunSizeBytes: 2 ** 40,
    lastRunAddedBytes: 0,
    runsSucceeded: 7,
    runsWarning: 1,
    runsFailed: 2,
    ...overrides,
  }
}

const text = (pieces: string[]) => pieces.join('')

function render(rows: MetricsJobRow[], pieceChars?: number): string {
  const cols = new JobColumns()
  for (const r of rows) cols.push(r)
  return text([...jobFamilies(cols, pieceChars)])
}

describe('exposition format', () => {
  it.each([
    ['plain', 'plain'],
    ['say "hi"', 'say \\"hi\\"'],
    ['C:\\backup', 'C:\\\\backup'],
    ['two\nlines', 'two\\nlines'],
    ['\\"\n', '\\\\\\"\\n'],
    ['ünïcödé {},=', 'ünïcödé {},='],
    ['', ''],
  ])('escapes the label value %j', (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped)
  })

  it('escapes backslash and newline in HELP, not double quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd')
  })

  it('writes HELP and TYPE lines, label pairs and samples', () => {
    expect(familyHeader('x_total', 'counter', 'Things.')).toBe(
      '# HELP x_total Things.\n# TYPE x_total counter\n',
    )
    expect(
      labelPairs([
        ['a', '1'],
        ['b', 'x"y'],
      ]),
    ).toBe('a="1",b="x\\"y"')
    expect(sample('m', '', '1')).toBe('m 1\n')
    expect(sample('m', 'a="1"', '2')).toBe('m{a="1"} 2\n')
  })

  it('formats numbers and never produces NaN or infinities', () => {
    expect(formatValue(0)).toBe('0')
    expect(formatValue(2 ** 40)).toBe('1099511627776')
    expect(formatValue(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991')
    expect(formatValue(0.5)).toBe('0.5')
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined]) {
      expect(formatValue(v)).toBeNull()
      expect(msToSeconds(v)).toBeNull()
    }
  })

  it('turns milliseconds into seconds with millisecond precision', () => {
    expect(msToSeconds(1_767_225_660_250)).toBe('1767225660.25')
    expect(msToSeconds(1_767_225_660_001)).toBe('1767225660.001')
    expect(msToSeconds(1_767_225_660_000)).toBe('1767225660')
    expect(msToSeconds(999)).toBe('0.999')
    expect(msToSeconds(1.6)).toBe('0.002')
    expect(msToSeconds(0)).toBe('0')
  })
})

describe('per-job families', () => {
  it('renders every family with HELP and TYPE, the labels of SPEC §5 and the values', () => {
    const text = render([row()])
    const labels = 'job="nightly",server="db-1",environment="production",tool="restic"'
    for (const f of JOB_FAMILIES) {
      expect(text).toContain(`# HELP ${f.name} `)
      expect(text).toContain(`# TYPE ${f.name} ${f.type}\n`)
    }
    expect(text).toContain(`backwatch_job_up{${labels}} 1\n`)
    expect(text).toContain(`backwatch_job_status{${labels},status="up"} 1\n`)
    for (const s of ['new', 'grace', 'down', 'paused']) {
      expect(text).toContain(`backwatch_job_status{${labels},status="${s}"} 0\n`)
    }
    expect(text).toContain(`backwatch_job_last_success_timestamp_seconds{${labels}} 1767225660.25\n`)
    expect(text).toContain(`backwatch_job_last_run_timestamp_seconds{${labels}} 1767225660.25\n`)
    expect(text).toContain(`backwatch_job_last_run_duration_seconds{${labels}} 60.25\n`)
    expect(text).toContain(`backwatch_job_last_size_bytes{${labels}} 1099511627776\n`)
    expect(text).toContain(`backwatch_job_last_added_bytes{${labels}} 0\n`)
    expect(text).toContain(`backwatch_job_runs_total{${labels},status="succeeded"} 7\n`)
    expect(text).toContain(`backwatch_job_runs_total{${labels},status="warning"} 1\n`)
    expect(text).toContain(`backwatch_job_runs_total{${labels},status="failed"} 2\n`)
    expect(text).not.toMatch(/NaN|Inf/)
  })

  it.each([
    ['new', 0],
    ['up', 1],
    ['grace', 0],
    ['down', 0],
    ['paused', 0],
  ])('job_up is %s → %i, and exactly that status series is 1', (status, up) => {
    const text = render([row({ status })])
    expect(text).toContain(
      `backwatch_job_up{job="nightly",server="db-1",environment="production",tool="restic"} ${up}\n`,
    )
    const ones = text.split('\n').filter((l) => l.startsWith('backwatch_job_status{') && l.endsWith(' 1'))
    expect(ones).toEqual([expect.stringContaining(`status="${status}"}`)])
  })

  it('leaves out the series of unknown values, and writes "" for a missing server or environment', () => {
    const text = render([
      row({
        serverName: null,
        environment: null,
        status: 'new',
        lastSuccessAt: null,
        lastRunFinishedAt: null,
        lastRunDurationMs: null,
        lastRunSizeBytes: null,
        lastRunAddedBytes: null,
        runsSucceeded: 0,
        runsWarning: 0,
        runsFailed: 0,
      }),
    ])
    const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    // up, 5 status series, 3 run counters: nothing else
    expect(samples).toHaveLength(9)
    expect(samples[0]).toBe('backwatch_job_up{job="nightly",server="",environment="",tool="restic"} 0')
    expect(text).toContain(
      '# TYPE backwatch_job_last_size_bytes gauge\n# HELP backwatch_job_last_added_bytes',
    )
  })

  it('escapes label values from the store', () => {
    const text = render([row({ environment: 'prod "eu"\\2\nb' })])
    expect(text).toContain('environment="prod \\"eu\\"\\\\2\\nb"')
  })

  it('keeps each family together across pieces, in the same order at any piece size', () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      row({ id: i + 1, slug: `job-${i}`, status: i % 2 ? 'down' : 'up', lastRunSizeBytes: i }),
    )
    const cols = new JobColumns()
    for (const r of rows) cols.push(r)
    const pieces = [...jobFamilies(cols, 4096)]
    expect(pieces.length).toBeGreaterThan(100)
    expect(pieces.every((p) => p.length < 4096 + 1000)).toBe(true)
    const all = text(pieces)
    expect(all).toBe(render(rows, 1 << 24))
    // one header per family, and the family's samples right after it
    const names = all
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.slice(0, l.indexOf('{')))
    const runs = names.filter((n, i) => i === 0 || names[i - 1] !== n)
    expect(runs).toEqual(JOB_FAMILIES.map((f) => f.name))
    expect(names.filter((n) => n === 'backwatch_job_status')).toHaveLength(15_000)
  })

  it('grows its columns past their initial size', () => {
    const cols = new JobColumns()
    for (let i = 0; i < 5000; i++) {
      cols.push(
        row({ id: i, slug: `job-${i}`, environment: 'prödüctiön ✓'.repeat(i % 7), lastRunSizeBytes: i }),
      )
    }
    expect(cols.length).toBe(5000)
    expect(cols.size[4999]).toBe(4999)
    expect(cols.size[0]).toBe(0)
    expect(cols.status[4999]).toBe(1)
    expect(cols.labels[0]).toBe('job="job-0",server="db-1",environment="",tool="restic"')
    const lines = text([...jobFamilies(cols)]).split('\n')
    expect(lines).toContain(
      `backwatch_job_last_size_bytes{job="job-4998",server="db-1",environment="${'prödüctiön ✓'.repeat(4998 % 7)}",tool="restic"} 4998`,
    )
  })

  it('writes a line longer than a piece', () => {
    const long = 'x'.repeat(10_000)
    const cols = new JobColumns()
    cols.push(row({ environment: long }))
    const pieces = [...jobFamilies(cols, 1024)]
    expect(text(pieces)).toContain(
      `backwatch_job_up{job="nightly",server="db-1",environment="${long}",tool="restic"} 1\n`,
    )
  })
})

describe('fleet families', () => {
  const text = fleetFamilies({
    version: '1.2.3',
    jobsTotal: 12,
    serversTotal: 4,
    alerts: [
      { severity: 'critical', type: 'job.failed', n: 2 },
      { severity: 'warning', type: 'job.size_anomaly', n: 1 },
      { severity: 'warning', type: 'job.custom', n: 3 },
    ],
    servers: [
      { name: 'db-1', environment: 'production', online: true },
      { name: 'db-2', environment: null, online: false },
    ],
  })

  it('writes build info and the totals (untyped: gauges with the SPEC names ending in _total)', () => {
    expect(text).toContain('# TYPE backwatch_build_info gauge\nbackwatch_build_info{version="1.2.3"} 1\n')
    expect(text).toContain('# TYPE backwatch_jobs_total untyped\nbackwatch_jobs_total 12\n')
    expect(text).toContain('# TYPE backwatch_servers_total untyped\nbackwatch_servers_total 4\n')
  })

  it('writes every severity × type combination of active alerts, 0 when none', () => {
    const lines = text.split('\n').filter((l) => l.startsWith('backwatch_alerts_active{'))
    expect(lines).toHaveLength(3 * ALERT_TYPES.length + 1)
    expect(lines).toContain('backwatch_alerts_active{severity="critical",type="job.failed"} 2')
    expect(lines).toContain('backwatch_alerts_active{severity="warning",type="job.size_anomaly"} 1')
    expect(lines).toContain('backwatch_alerts_active{severity="info",type="server.unprotected"} 0')
    expect(lines).toContain('backwatch_alerts_active{severity="warning",type="job.custom"} 3')
    expect(lines.filter((l) => !l.endsWith(' 0'))).toHaveLength(3)
  })

  it('writes the servers whose status is known', () => {
    expect(text).toContain('backwatch_server_up{server="db-1",environment="production"} 1\n')
    expect(text).toContain('backwatch_server_up{server="db-2",environment=""} 0\n')
  })
})
