// Where a key path is in the YAML source, so that every problem can name its line.
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml'

/** Line (1-based) of the node at `path`: the value node for scalars, the key for collections,
 * the nearest existing parent when the path doesn't exist. */
export function makeLineOf(
  contents: Node | null,
  lineCounter: LineCounter,
): (path: readonly PropertyKey[]) => number | undefined {
  const lineAt = (offset: number) => lineCounter.linePos(offset).line
  return (path) => {
    let node: unknown = contents
    let best: number | undefined = (contents as Node | null)?.range ? lineAt(contents!.range![0]) : undefined
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key
          return isScalar(k) ? String(k.value) === String(seg) : false
        })
        if (!pair) return best
        const keyNode = pair.key as Node
        const keyLine = keyNode.range ? lineAt(keyNode.range[0]) : best
        const value = pair.value as Node | null
        if (value && (isScalar(value) || isAlias(value)) && value.range) {
          best = lineAt(value.range[0])
        } else {
          best = keyLine
        }
        node = value
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined
        if (!item) return best
        if (item.range) best = lineAt(item.range[0])
        node = item
      } else {
        return best
      }
    }
    return best
  }
}
