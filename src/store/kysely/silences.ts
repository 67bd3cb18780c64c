// SilenceStore on Kysely (queries in silences-queries.ts).
import { reportDuplicates } from '../duplicate-error.js'
import * as q from '../silences-queries.js'
import { onConnection } from './store-context.js'

export const silenceMethods = onConnection({
  // a name another silence has
  createSilence: reportDuplicates(q.createSilence),
  updateSilence: reportDuplicates(q.updateSilence),
  getSilence: q.getSilence,
  deleteSilence: q.deleteSilence,
  listSilences: q.listSilences,
  activeSilences: q.activeSilences,
  configSilences: q.configSilences,
  nextSilenceEnd: q.nextSilenceEnd,
  markSilencesReleased: q.markSilencesReleased,
  suppressedOpenings: q.suppressedOpenings,
  releaseSuppressed: q.releaseSuppressed,
  openingStatus: q.openingStatus,
})
