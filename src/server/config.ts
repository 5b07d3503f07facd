import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional()

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
  TRUST_PROXY: bool,
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
  trustProxy: boolean
  map: { tileUrl: string; tileAttribution: string }
  geocoderUrl: string | undefined
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
  }
}
