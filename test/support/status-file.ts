// A resticprofile status file with `profiles` profiles (p0, p1, …), each with the given commands
// ended successfully an hour ago: the shape resticprofile writes (SPEC §4).
const COMMANDS = ['backup', 'check', 'retention', 'prune', 'copy']

export function statusFile(profiles: number, commands = 1, prefix = 'p'): string {
  const time = new Date(Date.now() - 3_600_000).toISOString()
  const entry = Object.fromEntries(
    COMMANDS.slice(0, commands).map((c) => [c, { success: true, time, error: '', stderr: '', duration: 12 }]),
  )
  const all: Record<string, unknown> = {}
  for (let i = 0; i < profiles; i++) all[`${prefix}${i}`] = entry
  return JSON.stringify({ profiles: all })
}
