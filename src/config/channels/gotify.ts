import { z } from 'zod'
import { httpUrl, required } from './settings-fields.js'

export const gotifySettings = z.strictObject({
  /** the Gotify server */
  url: httpUrl('gotify url'),
  /** an application token */
  token: required('gotify token'),
})
export type GotifySettings = z.infer<typeof gotifySettings>
