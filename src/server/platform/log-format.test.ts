import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { formatLogLine, prettyDestination } from './log-format.ts'
import { loggerOptions } from './logger.ts'

describe('log format', () => {
  it('is readable in development and JSON in production unless LOG_FORMAT says otherwise', () => {
    expect(loadConfig({}).logFormat).toBe('pretty')
    expect(loadConfig({ TRAME_ENV: 'production', SMTP_URL: 'smtp://mail.test' }).logFormat).toBe('json')
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json')
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/)
  })

  it('prints a request as one short line: time, level, method, path, status, duration', () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 30,
        time: Date.parse('2026-12-06T09:15:00Z'),
        req: { id: 'r1', method: 'GET', url: '/api/people' },
        res: { statusCode: 200 },
        responseTime: 12.4,
        msg: 'request completed',
      }),
    )
    expect(line).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \/api\/people 200 12 ms\n$/)
  })

  it("keeps quiet about the web app's files that were served, not about those that failed", () => {
    const asset = (statusCode: number) =>
      JSON.stringify({ level: 30, req: { method: 'GET', url: '/assets/index-abc.js' }, res: { statusCode } })
    expect(formatLogLine(asset(200))).toBeUndefined()
    expect(formatLogLine(asset(404))).toContain('GET /assets/index-abc.js 404')
  })

  it("shows an error's type, code, first line and request id, and the other fields after the message", () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 50,
        req: { id: 'req-42', method: 'POST', url: '/api/contacts' },
        res: { statusCode: 500 },
        err: { type: 'Error', code: 'E1', message: 'boom', stack: '    at x (y.ts:1:1)' },
      }),
    )
    expect(line).toContain('ERROR POST /api/contacts 500')
    expect(line).toContain('Error E1: boom')
    expect(line).toContain('requête req-42')
    expect(formatLogLine(JSON.stringify({ level: 40, msg: 'outbox retry', attempts: 3 }))).toMatch(
      /WARN {2}outbox retry attempts=3\n$/,
    )
  })

  it('prints what pino redacted, redacted: the format changes the look, not the content', () => {
    const written: string[] = []
    const logger = pino(
      loggerOptions('info', prettyDestination({ write: (text) => written.push(text) })) as pino.LoggerOptions,
      prettyDestination({ write: (text) => written.push(text) }),
    )
    logger.info({ person: { name: 'Bérénice' } }, 'imported')
    expect(written.join('')).toContain('imported')
    expect(written.join('')).not.toContain('Bérénice')
  })
})
