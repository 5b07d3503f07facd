import { hash, verify } from '@node-rs/argon2'

// argon2id with OWASP's recommended parameters (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // Same work as a real check, so response time does not reveal whether the account exists.
    await hash(password, OPTIONS)
    return false
  }
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}
