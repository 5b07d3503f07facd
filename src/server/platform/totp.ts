import { authenticator } from 'otplib'
import QRCode from 'qrcode'

// One step (30 s) of tolerance either side, for phones whose clock drifts a little.
authenticator.options = { window: 1 }

export function newTotpSecret(): string {
  return authenticator.generateSecret()
}

const STEP_MS = 30_000

/**
 * The time step a code belongs to, or null when it is wrong, or when that step (or a later one) was
 * already used: a code seen by someone over the user's shoulder cannot be replayed.
 */
export function acceptTotp(secret: string, code: string, lastStep: number | null): number | null {
  const delta = authenticator.checkDelta(code, secret)
  if (delta === null) return null
  const step = Math.floor(Date.now() / STEP_MS) + delta
  return lastStep !== null && step <= lastStep ? null : step
}

export function totpCode(secret: string): string {
  return authenticator.generate(secret)
}

export async function totpEnrolment(secret: string, account: string, issuer: string) {
  const otpauthUrl = authenticator.keyuri(account, issuer, secret)
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 })
  return { secret, otpauthUrl, qrCodeDataUrl }
}
