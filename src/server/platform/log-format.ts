import type { DestinationStream } from 'pino'

/**
 * `LOG_FORMAT=pretty`: pino's JSON lines turned into short lines a person reads in a terminal, so the
 * setup link and the e-mails printed to the console are not buried in request lines. The lines are the
 * ones pino already redacted (see logger.ts): this only changes how they look. Quieter too: a request
 * for the web app's files (scripts, styles, fonts) that succeeded is not printed.
 */

const LEVELS: Record<number, { label: string; colour: string }> = {
  10: { label: 'TRACE', colour: '90' },
  20: { label: 'DEBUG', colour: '90' },
  30: { label: 'INFO ', colour: '32' },
  40: { label: 'WARN ', colour: '33' },
  50: { label: 'ERROR', colour: '31' },
  60: { label: 'FATAL', colour: '35' },
}

/** Fields shown in the line's own words, not repeated among the extra fields. */
const SHOWN = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'req',
  'res',
  'responseTime',
  'err',
  'reqId',
])

type LogLine = {
  level?: number
  time?: number
  msg?: string
  req?: { method?: string; url?: string; id?: string }
  res?: { statusCode?: number }
  responseTime?: number
  err?: { type?: string; code?: string; message?: string; stack?: string }
  [key: string]: unknown
}

/** One JSON log line as one readable line (plus the error's stack below it); undefined to print nothing. */
export function formatLogLine(json: string, colours = false): string | undefined {
  let line: LogLine
  try {
    line = JSON.parse(json) as LogLine
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`
  }
  const level = LEVELS[line.level ?? 30] ?? { label: 'INFO ', colour: '32' }
  const paint = (colour: string, text: string) => (colours ? `\u001b[${colour}m${text}\u001b[0m` : text)
  const status = line.res?.statusCode
  const url = line.req?.url ?? ''
  if (
    line.req &&
    status !== undefined &&
    status < 400 &&
    !url.startsWith('/api/') &&
    (line.level ?? 30) < 40
  ) {
    return undefined
  }
  const time = new Date(line.time ?? Date.now()).toTimeString().slice(0, 8)
  const parts = [paint('90', time), paint(level.colour, level.label)]
  if (line.req) {
    parts.push(`${line.req.method ?? ''} ${url}`)
    if (status !== undefined)
      parts.push(paint(status >= 500 ? '31' : status >= 400 ? '33' : '32', String(status)))
    if (line.responseTime !== undefined) parts.push(paint('90', `${Math.round(line.responseTime)} ms`))
  } else if (line.msg) {
    parts.push(line.msg)
  }
  const extra = Object.entries(line).filter(([key]) => !SHOWN.has(key))
  if (extra.length > 0) {
    parts.push(paint('90', extra.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ')))
  }
  let text = parts.join(' ')
  if (line.err) {
    text += `\n  ${paint('31', `${line.err.type ?? 'Error'}${line.err.code ? ` ${line.err.code}` : ''}: ${line.err.message ?? ''}`)}`
    if (line.err.stack) text += `\n${paint('90', line.err.stack)}`
    if (line.req?.id) text += `\n  ${paint('90', `requête ${line.req.id}`)}`
  }
  return `${text}\n`
}

/** A pino destination writing readable lines to `out` (the terminal by default). */
export function prettyDestination(
  out: { write(text: string): unknown; isTTY?: boolean } = process.stdout,
): DestinationStream {
  const colours = Boolean(out.isTTY)
  return {
    write(json: string) {
      const text = formatLogLine(json.trimEnd(), colours)
      if (text) out.write(text)
    },
  }
}
