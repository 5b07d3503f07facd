import { authenticator } from 'otplib'
import QRCode from 'qrcode'

// One step (30 s) of tolerance either side, for phones whose clock drifts a little.
authenticator.options = { window: 1 }

export function newTotpSecret(): string {
  return authenticator.generateSecret()
}

export function checkTotp(secret: string, code: string): boolean {
  return authenticator.check(code, secret)
}

export function totpCode(secret: string): string {
  return authenticator.generate(secret)
}

export async function totpEnrolment(secret: string, account: string, issuer: string) {
  const otpauthUrl = authenticator.keyuri(account, issuer, secret)
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 })
  return { secret, otpauthUrl, qrCodeDataUrl }
}
