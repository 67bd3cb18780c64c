// A turn of the event loop for long work done in slices (a big report committed in chunks, a
// long answer serialised in parts): requests that arrived meanwhile go first. They are read in
// the next iteration's poll phase and queue their own setImmediate there (a ping's commit), after
// a single one of ours; the second lets theirs run before our next slice.
const immediate = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function loopTurn(): Promise<void> {
  await immediate()
  await immediate()
}
