/** Deterministic randomness for the synthetic CCAS: the same seed gives the same database. */

/** sfc32, seeded through splitmix32: fast, good enough, and the same on every machine. */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number | string) {
    let s = typeof seed === 'number' ? seed >>> 0 : hashString(seed)
    const next = () => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** A generator for one part of the data set, so that changing one part leaves the others as they were. */
  fork(label: string): Random {
    return new Random(hashString(`${label}:${this.uint32()}`))
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** In [0, 1). */
  next(): number {
    return this.uint32() / 4_294_967_296
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** Picks a key of `weights` in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][]
    let total = 0
    for (const [, w] of entries) total += w
    let r = this.next() * total
    for (const [key, w] of entries) {
      r -= w
      if (r < 0) return key
    }
    return entries[entries.length - 1]![0]
  }

  /** Roughly normal (sum of uniforms). */
  normal(mean: number, sd: number): number {
    return mean + sd * (this.next() + this.next() + this.next() + this.next() - 2) * 1.732
  }

  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0')
    const a = hex(this.uint32())
    const b = hex(this.uint32())
    const c = hex(this.uint32())
    const d = hex(this.uint32())
    // Version 4, variant 10xx: indistinguishable from gen_random_uuid().
    const variant = ((Number.parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16)
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[items[i], items[j]] = [items[j]!, items[i]!]
    }
    return items
  }
}

export function hashString(value: string): number {
  let h = 2_166_136_261
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i)
    h = Math.imul(h, 16_777_619)
  }
  return h >>> 0
}

/**
 * Walker's alias table: O(1) draws from a fixed discrete distribution (a million persons' activity,
 * thousands of names by frequency).
 */
export class AliasTable<T> {
  private readonly probability: Float64Array
  private readonly alias: Uint32Array

  constructor(
    readonly items: readonly T[],
    weights: ArrayLike<number>,
  ) {
    const n = items.length
    if (n === 0 || weights.length !== n) throw new Error('AliasTable: items and weights must match')
    this.probability = new Float64Array(n)
    this.alias = new Uint32Array(n)
    let total = 0
    for (let i = 0; i < n; i++) total += weights[i]!
    const scaled = new Float64Array(n)
    for (let i = 0; i < n; i++) scaled[i] = (weights[i]! * n) / total
    const small: number[] = []
    const large: number[] = []
    for (let i = 0; i < n; i++) (scaled[i]! < 1 ? small : large).push(i)
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!
      const l = large.pop()!
      this.probability[s] = scaled[s]!
      this.alias[s] = l
      scaled[l] = scaled[l]! + scaled[s]! - 1
      ;(scaled[l]! < 1 ? small : large).push(l)
    }
    for (const i of large) this.probability[i] = 1
    for (const i of small) this.probability[i] = 1
  }

  index(random: Random): number {
    const i = Math.floor(random.next() * this.items.length)
    return random.next() < this.probability[i]! ? i : this.alias[i]!
  }

  draw(random: Random): T {
    return this.items[this.index(random)]!
  }
}

/** Zipf-like weights for a ranked list: the first items are much more frequent than the last. */
export function zipfWeights(n: number, exponent = 1, offset = 1): number[] {
  return Array.from({ length: n }, (_, rank) => 1 / (rank + offset) ** exponent)
}
