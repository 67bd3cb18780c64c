// What the dispatcher's collaborators (prepare, send, record a failure) share: the dispatcher's
// options, read live, its bookkeeping under its claim, and its settled limits.
import type { DeliveryBook } from './delivery-book.js'
import type { DispatcherOptions } from './dispatcher-options.js'

export interface DispatchContext {
  readonly opts: DispatcherOptions
  readonly book: DeliveryBook
  readonly timeoutMs: number
  readonly maxAttempts: number
  /** true once the dispatcher is stopping: nothing new is attempted */
  readonly isStopped: () => boolean
}
