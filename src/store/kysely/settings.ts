// SettingsStore on Kysely (queries in settings-queries.ts).
import * as q from '../settings-queries.js'
import { onConnection } from './store-context.js'

export const settingsMethods = onConnection({
  getSetting: q.getSetting,
  initSetting: q.initSetting,
  setSetting: q.setSetting,
})
