// POST /api/v1/runs JSON (SPEC §4) → RunReport. Unknown fields are a 400; a run must say how it
// ended (`status` or `exit_code`) unless it is a start (`status: "running"`).
import { z } from 'zod'
import { environmentSchema, serverNameSchema, slugSchema } from '../config/field-schemas.js'
import { zodErrorOptions as E } from '../config/zod-messages.js'
import { FAILURE_KINDS, RUN_KINDS, RUN_SOURCES, RUN_STATUSES, TOOLS } from '../domain/types.js'
import { UUID_RE } from '../ingest/healthchecks-path.js'
import type { RunReport } from '../ingest/run-report.js'
import { parseIsoInstant } from './query-params.js'

const count = z.number(E).int(E).min(0, E).max(Number.MAX_SAFE_INTEGER, E).nullish()
const instant = z
  .string(E)
  .transform((text, ctx) => {
    const ms = parseIsoInstant(text)
    if (ms === null)
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time like 2026-11-22T05:32:04Z' })
    return ms ?? z.NEVER
  })
  .nullish()

/** Longest `error` kept; longer texts are cut (never rejected: a report must not be lost). */
const MAX_ERROR_CHARS = 10_000

export const runReportSchema = z
  .strictObject(
    {
      job: slugSchema,
      create: z.boolean(E).optional(),
      server: serverNameSchema.nullish(),
      environment: environmentSchema.nullish(),
      rid: z.string(E).regex(UUID_RE, 'must be a UUID').nullish(),
      kind: z.enum(RUN_KINDS, E).optional(),
      status: z.enum(RUN_STATUSES, E).nullish(),
      failure_kind: z.enum(FAILURE_KINDS, E).nullish(),
      tool: z.enum(TOOLS, E).nullish(),
      source: z.enum(RUN_SOURCES, E).optional(),
      started_at: instant,
      finished_at: instant,
      duration: z.number(E).min(0, E).max(1e9, E).nullish(),
      exit_code: z.number(E).int(E).min(0, E).max(255, E).nullish(),
      size_bytes: count,
      added_bytes: count,
      files_total: count,
      files_new: count,
      files_changed: count,
      error: z.string(E).nullish(),
      log: z.string(E).nullish(),
      details: z.record(z.string(), z.unknown(), E).nullish(),
    },
    E,
  )
  .superRefine((r, ctx) => {
    if (r.status == null && r.exit_code == null) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: 'required unless exit_code is given (use "running" to report a start)',
      })
    }
    if (r.started_at != null && r.finished_at != null && r.finished_at < r.started_at) {
      ctx.addIssue({ code: 'custom', path: ['finished_at'], message: 'must not be before started_at' })
    }
  })

export function toRunReport(input: z.output<typeof runReportSchema>, createParam: boolean): RunReport {
  return {
    job: input.job,
    create: input.create ?? createParam,
    server: input.server ?? null,
    environment: input.environment ?? null,
    rid: input.rid?.toLowerCase() ?? null,
    kind: input.kind ?? 'backup',
    status: input.status ?? null,
    failureKind: input.failure_kind ?? null,
    tool: input.tool ?? null,
    source: input.source ?? 'api',
    startedAt: input.started_at ?? null,
    finishedAt: input.finished_at ?? null,
    durationMs: input.duration == null ? null : Math.round(input.duration * 1000),
    exitCode: input.exit_code ?? null,
    sizeBytes: input.size_bytes ?? null,
    addedBytes: input.added_bytes ?? null,
    filesTotal: input.files_total ?? null,
    filesNew: input.files_new ?? null,
    filesChanged: input.files_changed ?? null,
    error: input.error == null ? null : input.error.slice(0, MAX_ERROR_CHARS),
    log: input.log == null ? null : Buffer.from(input.log, 'utf8'),
    details: input.details ?? null,
  }
}
