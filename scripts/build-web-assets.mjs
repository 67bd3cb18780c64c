// Bundles the dashboard's assets (src/web/assets/) with esbuild into content-hashed files plus a
// manifest (logical name → hashed file name). `npm run build` writes them to dist/web/assets/;
// the server, run from source (tests, tsx), calls buildWebAssets() once and keeps them in memory.
import { createHash } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** logical name → how it is built */
export const ASSET_SOURCES = {
  'app.js': 'bundle',
  'app.css': 'bundle',
  'favicon.svg': 'copy',
  'favicon-down.svg': 'copy',
}

async function bundle(path) {
  const esbuild = await import('esbuild')
  const out = await esbuild.build({
    entryPoints: [path],
    bundle: true,
    minify: true,
    write: false,
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    legalComments: 'none',
    logLevel: 'silent',
  })
  return Buffer.from(out.outputFiles[0].contents)
}

/** Every asset built: [{ name, file, body }] with file = name.<hash>.ext. */
export async function buildWebAssets(srcDir) {
  const built = []
  for (const [name, how] of Object.entries(ASSET_SOURCES)) {
    const path = join(srcDir, name)
    const body = how === 'bundle' ? await bundle(path) : await readFile(path)
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
    const dot = name.lastIndexOf('.')
    built.push({ name, file: `${name.slice(0, dot)}.${hash}${name.slice(dot)}`, body })
  }
  return built
}

/** Writes the assets and manifest.json to outDir (emptied first). */
export async function writeWebAssets(srcDir, outDir) {
  const built = await buildWebAssets(srcDir)
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  for (const a of built) await writeFile(join(outDir, a.file), a.body)
  const manifest = Object.fromEntries(built.map((a) => [a.name, a.file]))
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return built
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const built = await writeWebAssets(join(root, 'src/web/assets'), join(root, 'dist/web/assets'))
  for (const a of built) console.log(`dist/web/assets/${a.file} ${a.body.length} bytes`)
}
