// SilenceStore on Kysely (queries in silences-queries.ts).
import { reportDuplicates } from '../duplicate-error.js'
import * as q from '../silences-queries.js'
import { inScope, onConnection } from './store-context.js'

export const silenceMethods = {
  ...inScope({
    // a name another silence of the project has
    createSilence: reportDuplicates(q.createSilence),
    updateSilence: reportDuplicates(q.updateSilence),
    getSilence: q.getSilence,
    deleteSilence: q.deleteSilence,
    listSilences: q.listSilences,
    activeSilences: q.activeSilences,
    configSilences: q.configSilences,
  }),
  ...onConnection({
    nextSilenceEnd: q.nextSilenceEnd,
    markSilencesReleased: q.markSilencesReleased,
    suppressedOpenings: q.suppressedOpenings,
    releaseSuppressed: q.releaseSuppressed,
    openingStatus: q.openingStatus,
  }),
}
