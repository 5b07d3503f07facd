import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'

export interface MachineDetails {
  cpu: string
  cores: number
  ram_gb: number
  os: string
  node: string
  db: string
  load_average: number[]
}

/** The machine and database the figures come from, in one line for the results' `machine` field. */
export function describeMachine(dbVersion: string): { line: string; details: MachineDetails } {
  const cpus = os.cpus()
  let cpu = cpus[0]?.model?.trim() || 'unknown CPU'
  try {
    // Virtual machines often report a generic model name; /proc/cpuinfo may say more.
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    const model = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim()
    if (model && model.length > cpu.length) cpu = model
  } catch {}
  const details: MachineDetails = {
    cpu,
    cores: cpus.length,
    ram_gb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    db: dbVersion,
    load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
  }
  const line = `${details.cpu}, ${details.cores} cores, ${details.ram_gb} GB RAM, ${details.os}, Node ${details.node}, ${dbVersion}`
  return { line, details }
}

/** Resident set size of a process, in MB (Linux: /proc; elsewhere: unknown). */
export function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]
    return kb ? Math.round(Number(kb) / 1024) : undefined
  } catch {
    return undefined
  }
}

/** CPU time (user + system) a process has used, in seconds (Linux: /proc; elsewhere: undefined). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/**
 * CPU time used so far by every PostgreSQL process of this machine (the server's backends and its
 * background writers), in seconds; 0 when there is none (PGlite runs inside the server process).
 */
export function postgresCpuSeconds(): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue
    } catch {
      continue
    }
    total += cpuSeconds(Number(entry)) ?? 0
  }
  return total
}
