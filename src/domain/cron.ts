// Placeholder signatures; the real implementation replaces this file.
export class CronError extends Error {}
export interface CronExpr {
  readonly source: string
}
export function parseCron(expr: string): CronExpr {
  throw new CronError(`invalid cron expression "${expr}"`)
}
export function isValidTimeZone(tz: string): boolean {
  return tz.length > 0
}
export function nextCronAfter(_expr: CronExpr, _tz: string, _afterMs: number): number | null {
  return null
}
