// Silences (issue 5), and the silenced openings to send once a silence ends.
import type { DeliveryRecord, DeliveryStatus } from '../../domain/delivery-records.js'
import type { NewSilence, SilenceRecord, SilenceSource, SilenceState } from '../../domain/silence.js'
import type { Page, PageRequest } from '../page.js'

export type SilencePatch = Partial<Omit<NewSilence, 'source'>>

export interface SilenceStore {
  createSilence(s: NewSilence, now: number): Promise<SilenceRecord>
  /** A changed window or matchers make its end handled again (released_at cleared). */
  updateSilence(
    id: number,
    patch: SilencePatch,
    now: number,
    source?: SilenceSource,
  ): Promise<SilenceRecord | null>
  getSilence(ref: { id: number } | { name: string }): Promise<SilenceRecord | null>
  deleteSilence(id: number): Promise<boolean>
  /** Newest first; `state` is judged at `now`. */
  listSilences(filter: { state?: SilenceState; now: number }, page: PageRequest): Promise<Page<SilenceRecord>>
  /** The silences in force at `now`. */
  activeSilences(now: number): Promise<SilenceRecord[]>
  configSilences(): Promise<SilenceRecord[]>
  /** The earliest end not yet handled (may be in the past), or null. */
  nextSilenceEnd(): Promise<number | null>
  /** Marks the silences ended by `now` as handled (compare-and-set); returns how many. */
  markSilencesReleased(now: number): Promise<number>
  /** Openings recorded but not sent (silenced) whose alert is still active. */
  suppressedOpenings(): Promise<DeliveryRecord[]>
  /** A suppressed delivery becomes due now with `payload`; false when it was not suppressed. */
  releaseSuppressed(id: number, payload: string, now: number): Promise<boolean>
  /** The status of the alert's opening on `channel`, null when none was recorded. */
  openingStatus(alertId: number, channel: string): Promise<DeliveryStatus | null>
}
