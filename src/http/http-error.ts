// The one error type at the HTTP edge; routes throw it, the server maps it once.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`)
export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'invalid_request', message, details)
