import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { pgliteDatabase } from '../../src/server/db/database.ts'
import { migrateToLatest } from '../../src/server/db/migrate.ts'
import { smtpMailer } from '../../src/server/platform/mail.ts'
import { totpCode } from '../../src/server/platform/totp.ts'
import { startMailbox } from '../support/mailbox.ts'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots')

/** Trame served for real (HTTP on loopback, the built web app, a real SMTP server) on a fresh database. */
export async function startTrameForE2e() {
  if (!existsSync(path.resolve('dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` first (npm test does it).')
  }
  const database = await pgliteDatabase()
  await migrateToLatest(database.db)
  const mailbox = await startMailbox()
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  // Documents uploaded by the journey, removed with it.
  const documentsDir = mkdtempSync(path.join(tmpdir(), 'trame-e2e-documents-'))
  const config = loadConfig({
    DOCUMENTS_DIR: documentsDir,
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    SMTP_URL: mailbox.url,
    LOG_LEVEL: 'warn',
    OUTBOX_INTERVAL_SECONDS: '1',
  })
  const mailer = smtpMailer(mailbox.url, config.mailFrom)
  const { app, sweeper, jobs, authService } = await buildApp({ config, db: database.db, mailer })
  await app.listen({ port, host: '127.0.0.1' })
  sweeper.start()
  return {
    baseUrl,
    db: database.db,
    mailbox,
    authService,
    /** Runs a periodic job now, as its timer would (the journeys do not wait hours for a delay). */
    runJob: (name: string, now?: Date) => jobs.runOnce(name, now),
    async close() {
      await sweeper.stop()
      await app.close()
      mailer.close()
      await mailbox.close()
      await database.close()
      rmSync(documentsDir, { recursive: true, force: true })
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Debian's Chromium; a missing browser is a failure, never a skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`)
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Fails on any serious or critical accessibility violation; keeps a screenshot of the page. */
export async function checkPage(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
  expect(serious, `accessibility of ${name}`).toEqual([])
}

/** Signs in through the sign-in page (and its 2FA step when a secret is given), then waits for the home page. */
/** The server refuses a time step already used (replay): a second sign-in waits for the next step. */
const lastTotpStep = new Map<string, number>()
async function unusedTotpCode(secret: string): Promise<string> {
  const STEP_MS = 30_000
  const current = Math.floor(Date.now() / STEP_MS)
  if ((lastTotpStep.get(secret) ?? -1) >= current) {
    await new Promise((resolve) => setTimeout(resolve, (current + 1) * STEP_MS - Date.now() + 250))
  }
  lastTotpStep.set(secret, Math.floor(Date.now() / STEP_MS))
  return totpCode(secret)
}

export async function signIn(
  page: Page,
  baseUrl: string,
  account: { email: string; password: string; totpSecret?: string },
) {
  await page.goto(`${baseUrl}/connexion`)
  await page.getByLabel('Adresse e-mail').fill(account.email)
  await page.getByLabel(/^Mot de passe/).fill(account.password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  if (account.totpSecret) {
    await page.getByLabel('Code de vérification').fill(await unusedTotpCode(account.totpSecret))
    await page.getByRole('button', { name: 'Valider' }).click()
  }
  await page.waitForURL((url) => url.pathname === '/')
}

export async function waitForEmail(
  mailbox: Awaited<ReturnType<typeof startMailbox>>,
  to: string,
  timeoutMs = 10_000,
) {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    if (mailbox.received.some((m) => m.to === to)) return mailbox.linkFor(to)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`no e-mail to ${to} within ${timeoutMs} ms`)
}

/**
 * Clicks what should download a file and returns the file the browser saved, with its name: a link
 * that only reloads the page makes no download, and fails here.
 */
export async function downloadByClicking(page: Page, click: () => Promise<unknown>) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), click()])
  const file = await download.path()
  return { name: download.suggestedFilename(), content: readFileSync(file) }
}

/** The title a PDF carries in its information dictionary (pdfkit writes it as UTF-16 when not ASCII). */
export function pdfTitle(pdf: Buffer) {
  const text = pdf.toString('latin1')
  // Written in place, or as a reference to a string object of its own.
  const reference = /\/Title (\d+) 0 R/.exec(text)
  const literal = reference ? `\n${reference[1]} 0 obj\n` : '/Title '
  const start = text.indexOf(literal)
  const match = start < 0 ? null : /^\(((?:\\.|[^\\)])*)\)/s.exec(text.slice(start + literal.length))
  if (!match) return undefined
  const raw = match[1]!.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, escaped: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }
    if (/^[0-7]+$/.test(escaped)) return String.fromCharCode(Number.parseInt(escaped, 8))
    return simple[escaped] ?? escaped
  })
  const bytes = Buffer.from(raw, 'latin1')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le')
  return raw
}
