// The one shape every ping dialect is translated into before it reaches the store.
import type { PingSignal } from '../domain/ping.js'
import type { RunSource } from '../domain/types.js'

/** A uuid is unique across projects; a slug is unique within the project of the URL's ping key. */
export type PingTarget = { uuid: string } | { projectId: number; slug: string; create: boolean }

export interface PingObservation {
  target: PingTarget
  signal: PingSignal
  /** the body's first bytes, at most the configured limit */
  body: Buffer
  /** the body's full size as received */
  bodySize: number
  source: RunSource
  method: string
  remoteAddr: string | null
  userAgent: string | null
  receivedAt: number
  /**
   * How long the run took, as the client says (Cronitor's `duration`, Uptime Kuma's `ping`).
   * Used only by an end that closes no open start: it then dates the run's start.
   */
  durationMs?: number | null
}

export type PingResult = 'ok' | 'created' | 'not_found' | 'invalid_exit_status' | 'unavailable'
