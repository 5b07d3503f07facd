/** Latency summaries: percentiles by the nearest-rank method, in milliseconds. */
export interface Latency {
  n: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  mean_ms: number
  max_ms: number
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits))

export function summarise(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b)
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length)
  return {
    n: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    mean_ms: round(mean),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN),
  }
}

/** Runs `work` and returns its result with the elapsed time in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await work()
  return { value, ms: performance.now() - start }
}
