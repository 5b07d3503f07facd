/**
 * `npx tsx bench/profile-summary.ts bench/results/profiles/<file>.cpuprofile [top]`
 *
 * Where the server's CPU time went during `npm run bench -- --cpu-prof`: self time by package (or
 * Trame source folder) and by function, so a missed throughput target can be explained without a GUI.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

function area(url: string): string {
  if (!url) return '(native / VM)'
  const path = url.replace(/^file:\/\//, '')
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  if (pkg) return pkg[1]!
  const src = /\/src\/(server|shared)\/(?:modules\/)?([^/]+)/.exec(path)
  if (src) return `trame:${src[1]}/${src[2]}`
  if (path.startsWith('node:')) return path
  return path.split('/').slice(-2).join('/')
}

const [file, topArg] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]\n')
  process.exit(2)
}
const profile: Profile = JSON.parse(readFileSync(file, 'utf8'))
const top = Number(topArg ?? 25)
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfMs = new Map<number, number>()
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
}
const total = [...selfMs.values()].reduce((a, b) => a + b, 0)
const byArea = new Map<string, number>()
const byFunction = new Map<string, number>()
for (const [id, ms] of selfMs) {
  const node = byId.get(id)!
  const { functionName, url, lineNumber } = node.callFrame
  const key = area(url)
  byArea.set(key, (byArea.get(key) ?? 0) + ms)
  const fn = `${functionName || '(anonymous)'} ${url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms)
}
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`)
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((100 * ms) / total).toFixed(1).padStart(6)} %  ${key}\n`)
  }
}
process.stdout.write(`${file}: ${(total / 1000).toFixed(1)} s of samples\n`)
print('Self time by package / source folder', byArea)
print('Self time by function', byFunction)
