// The API's error vocabulary beyond the generic ones in http/http-error.ts.
import { HttpError } from '../http/http-error.js'

export { badRequest, notFound } from '../http/http-error.js'

export const conflict = (message: string) => new HttpError(409, 'conflict', message)

export const invalidCursor = () =>
  new HttpError(400, 'invalid_cursor', 'invalid cursor: pass the next_cursor of a previous page unchanged')

export const invalidJson = (message: string) => new HttpError(400, 'invalid_json', message)
