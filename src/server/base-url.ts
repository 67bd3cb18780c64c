// The public base URL (ping URLs, alert links): the configured one, else the address the server
// bound, which is known only once it listens (port 0). Everything built before that reads it
// through get(), at request or send time.
export class BaseUrl {
  private bound: string | null = null

  constructor(private readonly configured: string | null) {}

  /** '' until bound when none is configured (nothing is served or sent before then) */
  readonly get = (): string => this.configured ?? this.bound ?? ''

  bind(url: string): void {
    this.bound = url
  }
}
