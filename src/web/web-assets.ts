// The dashboard's bundled assets, content-hashed: read from dist/web/assets/ (written by
// `npm run build`) when running the built code, built in memory once per process with esbuild
// (a dev dependency) when running from source (tests, tsx). Kept gzipped too.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export type AssetName = 'app.js' | 'app.css' | 'favicon.svg' | 'favicon-down.svg'

export interface Asset {
  body: Buffer
  gzip: Buffer
  type: string
}

export interface WebAssets {
  /** the URL of an asset: /assets/<name>.<hash>.<ext> */
  url(name: AssetName): string
  /** an asset by its hashed file name */
  get(file: string): Asset | undefined
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
}

interface Built {
  name: string
  file: string
  body: Buffer
}

const fromSource = import.meta.url.endsWith('.ts')

async function loadBuilt(): Promise<Built[]> {
  if (fromSource) {
    const script = new URL('../../scripts/build-web-assets.mjs', import.meta.url).href
    const { buildWebAssets } = (await import(script)) as {
      buildWebAssets(dir: string): Promise<Built[]>
    }
    return buildWebAssets(fileURLToPath(new URL('./assets/', import.meta.url)))
  }
  const dir = new URL('./assets/', import.meta.url)
  let manifest: Record<string, string>
  try {
    manifest = JSON.parse(await readFile(new URL('manifest.json', dir), 'utf8'))
  } catch (err) {
    throw new Error(`dashboard assets missing in ${fileURLToPath(dir)}: run "npm run build"`, { cause: err })
  }
  return Promise.all(
    Object.entries(manifest).map(async ([name, file]) => ({
      name,
      file,
      body: await readFile(new URL(file, dir)),
    })),
  )
}

function assetSet(built: Built[]): WebAssets {
  const byFile = new Map<string, Asset>()
  const urls = new Map<string, string>()
  for (const b of built) {
    const ext = b.file.slice(b.file.lastIndexOf('.') + 1)
    byFile.set(b.file, {
      body: b.body,
      gzip: gzipSync(b.body, { level: 9 }),
      type: TYPES[ext] ?? 'application/octet-stream',
    })
    urls.set(b.name, `/assets/${b.file}`)
  }
  return {
    url(name) {
      const url = urls.get(name)
      if (url === undefined) throw new Error(`no dashboard asset ${name}`)
      return url
    },
    get: (file) => byFile.get(file),
  }
}

let loading: Promise<WebAssets> | null = null

/** The assets, loaded (or built) on first use; a failed load is retried on the next call. */
export function webAssets(): Promise<WebAssets> {
  loading ??= loadBuilt()
    .then(assetSet)
    .catch((err) => {
      loading = null
      throw err
    })
  return loading
}
