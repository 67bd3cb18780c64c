// What the store hands out: parsed, camel-cased views of stored facts.
import type { JobSpec } from './job-spec.js'
import type { Policy, PolicyOverride, RetentionFacts, SizeSample } from './policy.js'
import type {
  AlertType,
  FailureKind,
  JobStatus,
  Retention,
  RunKind,
  RunNumbers,
  RunSource,
  RunStatus,
  Schedule,
  Severity,
  Tool,
} from './types.js'

export interface JobRecord {
  id: number
  /** the project it belongs to */
  projectId: number
  uuid: string
  slug: string
  name: string
  serverId: number | null
  serverName: string | null
  environment: string | null
  tags: string[]
  tool: Tool
  schedule: Schedule
  grace: number
  maxDuration: number | null
  warningExitCodes: number[]
  retention: Retention | null
  paused: boolean
  status: JobStatus
  downReason: string | null
  runningSince: number | null
  lastPingAt: number | null
  lastPingFailed: boolean
  lastSuccessAt: number | null
  lastRunId: number | null
  nextDueAt: number | null
  /** the job's own policy override */
  policy: PolicyOverride | null
  /** defaults ← its environment's (else the `default`) policy ← its own override */
  effectivePolicy: Policy
  /** status and failure kind of the newest finished backup run */
  lastStatus: Exclude<RunStatus, 'running'> | null
  lastFailureKind: FailureKind | null
  lockStreak: number
  lastCheckAt: number | null
  /** when the last successful run of kind restore_test finished */
  lastRestoreTestAt: number | null
  /** previous successful backups, oldest first (at most SIZE_SAMPLES_KEPT) */
  sizeSamples: SizeSample[]
  zeroAddedStreak: number
  retentionFacts: RetentionFacts | null
  runCounts: { succeeded: number; warning: number; failed: number }
  /** when the job's server went offline, or null */
  serverOfflineSince: number | null
  createdAt: number
  updatedAt: number
}

export interface ServerRecord {
  id: number
  /** the project it belongs to */
  projectId: number
  name: string
  environment: string | null
  tags: string[]
  heartbeatTimeout: number | null
  lastHeartbeatAt: number | null
  offlineAt: number | null
  offlineSince: number | null
  jobsCount: number
  createdAt: number
  updatedAt: number
}

export interface RunRecord extends RunNumbers {
  id: number
  /** the project it belongs to */
  projectId: number
  jobId: number
  jobSlug: string
  serverId: number | null
  serverName: string | null
  rid: string | null
  kind: RunKind
  status: RunStatus
  failureKind: FailureKind | null
  startedAt: number | null
  finishedAt: number | null
  durationMs: number | null
  exitCode: number | null
  error: string | null
  source: RunSource
  details: Record<string, unknown> | null
  logSize: number
  /** present only when asked for */
  log?: Uint8Array | null
}

export interface AlertRecord {
  id: number
  /** the project it belongs to */
  projectId: number
  type: AlertType
  severity: Severity
  status: 'active' | 'resolved'
  jobId: number | null
  jobSlug: string | null
  serverId: number | null
  serverName: string | null
  summary: string
  details: Record<string, unknown>
  openedAt: number
  resolvedAt: number | null
}

/** An environment's policy as stored (from the config file or the API). */
export interface StoredPolicy {
  /** the project whose jobs it applies to */
  projectId: number
  environment: string
  policy: PolicyOverride
  /** JobSpec (config wire values parsed) of jobs created for this environment, or null */
  jobDefaults: JobSpec | null
  source: string
  updatedAt: number
}
