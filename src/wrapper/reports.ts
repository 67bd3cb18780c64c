// The start and end reports of a wrapped run, for the native API (`POST /api/v1/runs`) or a
// Healthchecks-style ping URL (`<url>/start?rid=`, `<url>/<exit status>?rid=` with the output tail).
import type { RunKind, Tool } from '../domain/types.js'
import type { Recognized } from './recognize.js'
import type { Endpoint } from './run-args.js'
import type { NewSpoolEntry } from './spool.js'
import { encodeBody } from './spool.js'
import type { OutgoingRequest } from './transport.js'

export interface Report {
  target: 'api' | 'ping'
  url: string
  method: string
  contentType: string | null
  body: Buffer | null
  /** for messages: "end of job db01 (exit 0)" */
  description: string
}

export interface RunIdentity {
  job: string | null
  rid: string
  server: string | null
  kind: RunKind | null
  tool: Tool | null
  create: boolean
  startedAt: number
}

export interface RunEnd {
  exitCode: number
  /** the signal that killed the command */
  signal: string | null
  /** why the command could not be started */
  spawnError: string | null
  finishedAt: number
  /** the last bytes of stdout and stderr together */
  log: Buffer
  /** the end of stderr, for the error text */
  stderr: string
  recognized: Recognized | null
}

export const LOG_TAIL_BYTES = 100_000
const ERROR_MAX_CHARS = 4000
const STDERR_ERROR_LINES = 15

const iso = (ms: number) => new Date(ms).toISOString()

function who(id: RunIdentity): string {
  return id.job ? `job ${id.job}` : 'the check'
}

function apiReport(base: string, body: Record<string, unknown>, description: string): Report {
  return {
    target: 'api',
    url: `${base}/api/v1/runs`,
    method: 'POST',
    contentType: 'application/json',
    body: Buffer.from(JSON.stringify(body)),
    description,
  }
}

function pingUrl(base: string, suffix: string, rid: string, create: boolean): string {
  const url = new URL(base)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${suffix}`
  url.searchParams.set('rid', rid)
  if (create) url.searchParams.set('create', '1')
  return url.toString()
}

export function startReport(endpoint: Endpoint, id: RunIdentity): Report {
  const description = `start of ${who(id)} (run ${id.rid})`
  if (endpoint.mode === 'ping') {
    return {
      target: 'ping',
      url: pingUrl(endpoint.url, 'start', id.rid, endpoint.create),
      method: 'POST',
      contentType: null,
      body: null,
      description,
    }
  }
  return apiReport(
    endpoint.base,
    {
      job: id.job,
      create: id.create,
      rid: id.rid,
      status: 'running',
      started_at: iso(id.startedAt),
      source: 'wrapper',
      ...(id.server !== null && { server: id.server }),
      ...(id.kind !== null && { kind: id.kind }),
      ...(id.tool !== null && { tool: id.tool }),
    },
    description,
  )
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g

/** The last non-empty lines of a text, without terminal escapes. */
export function lastLines(text: string, lines: number, maxChars: number): string {
  const kept = text
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-lines)
    .join('\n')
  return kept.length > maxChars ? kept.slice(kept.length - maxChars) : kept
}

/** The tool's own error, and the end of stderr when the command failed. */
export function errorText(end: RunEnd): string | null {
  if (end.spawnError) return end.spawnError
  const parts: string[] = []
  if (end.signal) parts.push(`killed by ${end.signal}`)
  const toolError = end.recognized?.run.error ?? null
  if (toolError) parts.push(toolError)
  if (end.exitCode !== 0) {
    const tail = lastLines(end.stderr, STDERR_ERROR_LINES, 2000)
    if (tail && !toolError?.includes(tail)) parts.push(tail)
    if (parts.length === 0) parts.push(`exited with code ${end.exitCode}`)
  }
  const text = parts.join('\n')
  return text ? text.slice(0, ERROR_MAX_CHARS) : null
}

export function endReport(endpoint: Endpoint, id: RunIdentity, end: RunEnd): Report {
  const description = `end of ${who(id)} (run ${id.rid}, exit ${end.exitCode})`
  if (endpoint.mode === 'ping') {
    return {
      target: 'ping',
      url: pingUrl(endpoint.url, String(end.exitCode), id.rid, endpoint.create),
      method: 'POST',
      contentType: 'text/plain; charset=utf-8',
      body: end.log,
      description,
    }
  }
  const run = end.recognized?.run ?? null
  const tool = id.tool ?? end.recognized?.tool ?? null
  const kind = id.kind ?? run?.kind ?? null
  const details: Record<string, unknown> = { ...(run?.details ?? {}) }
  if (end.signal) details.signal = end.signal
  const stats = {
    size_bytes: run?.sizeBytes,
    added_bytes: run?.addedBytes,
    files_total: run?.filesTotal,
    files_new: run?.filesNew,
    files_changed: run?.filesChanged,
  }
  const error = errorText(end)
  return apiReport(
    endpoint.base,
    {
      job: id.job,
      create: id.create,
      rid: id.rid,
      source: 'wrapper',
      started_at: iso(id.startedAt),
      finished_at: iso(end.finishedAt),
      exit_code: end.exitCode,
      ...(id.server !== null && { server: id.server }),
      ...(kind !== null && { kind }),
      ...(tool !== null && { tool }),
      ...(end.signal && { failure_kind: 'canceled' }),
      ...Object.fromEntries(
        Object.entries(stats).filter(([, v]) => Number.isSafeInteger(v) && (v as number) >= 0),
      ),
      ...(error !== null && { error }),
      log: end.log.toString('utf8'),
      ...(Object.keys(details).length > 0 && { details }),
    },
    description,
  )
}

export function toRequest(report: Report, token: string | null): OutgoingRequest {
  return {
    url: report.url,
    method: report.method,
    contentType: report.contentType,
    body: report.body,
    token: report.target === 'api' ? token : null,
  }
}

export function toSpoolEntry(report: Report): NewSpoolEntry {
  return {
    target: report.target,
    url: report.url,
    method: report.method,
    content_type: report.contentType,
    ...encodeBody(report.body, report.target === 'api'),
    description: report.description,
  }
}
