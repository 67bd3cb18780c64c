// Every form the dashboard accepts comes through here: an url-encoded body of bounded size whose
// `_csrf` field must equal the expected token (the session's, or the sign-in form's own cookie
// before there is a session), sent from our own origin. Otherwise 403, before anything is done.
import type { IncomingMessage } from 'node:http'
import { HttpError } from '../http/http-error.js'
import { readWholeBody } from '../http/read-body.js'
import { checkSameOrigin, csrfMatches } from '../http/same-origin.js'

const FORM_LIMIT = 64 * 1024

export async function readCheckedForm(
  req: IncomingMessage,
  expectedCsrf: string | null,
  baseUrl: string,
): Promise<URLSearchParams> {
  checkSameOrigin(req, baseUrl)
  const type = req.headers['content-type'] ?? ''
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'forms are sent as application/x-www-form-urlencoded')
  }
  const form = new URLSearchParams((await readWholeBody(req, FORM_LIMIT)).toString('utf8'))
  if (expectedCsrf === null || !csrfMatches(form.get('_csrf'), expectedCsrf)) {
    throw new HttpError(
      403,
      'forbidden',
      'the form is out of date or came from another site: reload the page and try again',
    )
  }
  return form
}
