import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A random secret to give out once (session cookie, e-mailed link); only its hash is stored. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
