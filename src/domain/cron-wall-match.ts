// Which wall-clock minutes a cron expression matches, with no time zone involved: "wall" values are
// local wall-clock times encoded as if they were UTC epoch milliseconds. Pure.
import { DAY_MS, daysFromCivil, daysInMonth, HOUR_MS, MINUTE_MS, yearOfDays } from './calendar.js'
import type { CronExpr } from './cron-parse.js'

/** First matching wall minute >= `start` (minute-aligned) and < `limit`, or null. */
export function nextWallMatch(expr: CronExpr, start: number, limit: number): number | null {
  const { nextMonth, nextHour, nextMinute, daysOfMonth, daysOfWeek, dayOr } = expr
  let dayNum = Math.floor(start / DAY_MS)
  const msOfDay = start - dayNum * DAY_MS
  let hour = Math.floor(msOfDay / HOUR_MS)
  let minute = Math.floor((msOfDay - hour * HOUR_MS) / MINUTE_MS)
  let year = yearOfDays(dayNum)
  let month = 1
  let monthStart = daysFromCivil(year, 1, 1)
  let monthDays = 31
  while (dayNum >= monthStart + monthDays) {
    monthStart += monthDays
    month++
    monthDays = daysInMonth(year, month)
  }
  let day = dayNum - monthStart + 1
  const lastYear = yearOfDays(Math.floor(limit / DAY_MS))
  for (;;) {
    const m = nextMonth[month]!
    if (m !== month || day > monthDays) {
      // on to the first day of the next listed month (nextMonth[13] is -1)
      let next = m === month ? nextMonth[month + 1]! : m
      if (next < 0) {
        year++
        next = nextMonth[1]!
      }
      month = next
      if (year > lastYear) return null
      day = 1
      hour = 0
      minute = 0
      monthDays = daysInMonth(year, month)
      dayNum = daysFromCivil(year, month, 1)
      continue
    }
    const domOk = daysOfMonth[day] === 1
    const dayOk =
      dayOr && domOk ? true : !dayOr && !domOk ? false : daysOfWeek[(((dayNum + 4) % 7) + 7) % 7] === 1
    const h = dayOk ? nextHour[hour]! : -1
    if (h < 0) {
      day++
      dayNum++
      hour = 0
      minute = 0
      continue
    }
    if (h !== hour) {
      hour = h
      minute = 0
    }
    const mi = nextMinute[minute]!
    if (mi < 0) {
      hour++
      minute = 0
      if (hour === 24) {
        day++
        dayNum++
        hour = 0
      }
      continue
    }
    const wall = dayNum * DAY_MS + hour * HOUR_MS + mi * MINUTE_MS
    return wall < limit ? wall : null
  }
}
