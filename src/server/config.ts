import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'

/** An IPv4 or IPv6 address, optionally with a CIDR prefix length. */
function isAddressOrCidr(value: string) {
  const [address = '', prefix, ...rest] = value.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback)

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** development prints e-mails to the console when SMTP is not configured; production refuses to start. */
  TRAME_ENV: z.enum(['development', 'production']).default('development'),
  TRAME_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'doit commencer par postgres:// ou postgresql://' })
    .optional(),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { error: 'doit commencer par smtp:// ou smtps://' })
    .optional(),
  MAIL_FROM: z.string().min(3).default('Trame <ne-pas-repondre@trame.local>'),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  SESSION_CACHE_SECONDS: nonNegativeInt(5),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt(30),
  LOGIN_THROTTLE_MINUTES: positiveInt(15),
  OUTBOX_INTERVAL_SECONDS: positiveInt(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty`: short readable lines for a terminal; `json`: one JSON object a line, for a log collector. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (/^(false|0)$/i.test(value)) return false
      if (/^\d+$/.test(value)) return Number(value)
      if (/^(true|yes|oui)$/i.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message:
            "« true » ferait croire n'importe quel en-tête X-Forwarded-For (les limites par adresse seraient contournées) : indiquez le nombre de proxys devant Trame (1 derrière un seul reverse proxy) ou leurs adresses (ex. 127.0.0.1,10.0.0.0/8)",
        })
        return z.NEVER
      }
      const addresses = value.split(',').map((a) => a.trim())
      const bad = addresses.filter((a) => !isAddressOrCidr(a))
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `adresse ou plage invalide : ${bad.join(', ')} (attendu : un nombre de proxys, ou des adresses IP et plages CIDR séparées par des virgules)`,
        })
        return z.NEVER
      }
      return addresses
    })
    .optional(),
  /** Map tiles of the outreach map; the page works without them (list view). */
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, {
      error: 'doit être une adresse http(s) contenant {z}, {x} et {y}',
    })
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  MAP_TILE_ATTRIBUTION: z.string().max(300).default('© les contributeurs d’OpenStreetMap'),
  /**
   * An address search answering like the Base Adresse Nationale (`…/search/?q=`), e.g.
   * https://api-adresse.data.gouv.fr. Unset: no address leaves Trame; people are placed by neighbourhood.
   */
  GEOCODER_URL: z.url({ protocol: /^https?$/, error: 'doit être une adresse http(s)' }).optional(),
  /** Where people's documents are kept (default: `documents` in the data folder). */
  DOCUMENTS_DIR: z.string().min(1).optional(),
  /** The largest document accepted, in megabytes. */
  DOCUMENT_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  /** Bearer token a Prometheus server sends to read `/metrics`; unset, `/metrics` does not exist (404). */
  METRICS_TOKEN: z
    .string()
    .min(32, { error: 'doit contenir au moins 32 caractères (ex. : openssl rand -hex 32)' })
    .optional(),
})

export interface Config {
  port: number
  host: string
  env: 'development' | 'production'
  dataDir: string
  databaseUrl: string | undefined
  publicUrl: string
  smtpUrl: string | undefined
  mailFrom: string
  session: { idleMinutes: number; absoluteHours: number; cacheSeconds: number }
  loginThrottle: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowMinutes: number }
  outboxIntervalSeconds: number
  logLevel: string
  logFormat: 'pretty' | 'json'
  /** Who may say the client's address in X-Forwarded-For: nobody, that many proxies, or these addresses. */
  trustProxy: false | number | string[]
  map: { tileUrl: string; tileAttribution: string }
  geocoderUrl: string | undefined
  documents: { dir: string; maxBytes: number }
  /** Token guarding `/metrics`; undefined: no metrics endpoint. */
  metricsToken: string | undefined
}

export class ConfigError extends Error {}

/** Reads the environment once; lists every bad variable at once so start-up fails with one clear message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = configSchema.safeParse(defined)
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`)
  // Checked apart from the schema so it is reported together with any other mistake.
  if (defined.TRAME_ENV === 'production' && !defined.SMTP_URL) {
    lines.push('  - SMTP_URL: obligatoire quand TRAME_ENV=production')
  }
  if (!parsed.success || lines.length > 0)
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`)
  const c = parsed.data
  return {
    port: c.PORT,
    host: c.HOST,
    env: c.TRAME_ENV,
    dataDir: c.TRAME_DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    session: {
      idleMinutes: c.SESSION_IDLE_MINUTES,
      absoluteHours: c.SESSION_ABSOLUTE_HOURS,
      cacheSeconds: c.SESSION_CACHE_SECONDS,
    },
    loginThrottle: {
      maxFailuresPerAccount: c.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: c.LOGIN_MAX_FAILURES_PER_IP,
      windowMinutes: c.LOGIN_THROTTLE_MINUTES,
    },
    outboxIntervalSeconds: c.OUTBOX_INTERVAL_SECONDS,
    logLevel: c.LOG_LEVEL,
    // Read by people in development, by a log collector in production, unless told otherwise.
    logFormat: c.LOG_FORMAT ?? (c.TRAME_ENV === 'production' ? 'json' : 'pretty'),
    trustProxy: c.TRUST_PROXY ?? false,
    map: { tileUrl: c.MAP_TILE_URL, tileAttribution: c.MAP_TILE_ATTRIBUTION },
    geocoderUrl: c.GEOCODER_URL,
    documents: {
      dir: c.DOCUMENTS_DIR ?? path.join(c.TRAME_DATA_DIR, 'documents'),
      maxBytes: Math.round(c.DOCUMENT_MAX_MB * 1024 * 1024),
    },
    metricsToken: c.METRICS_TOKEN,
  }
}
