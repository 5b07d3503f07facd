import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type { z } from 'zod'
import type { Encounter, encounterInputSchema } from '../../../../shared/outreach.ts'
import { ApiError, post } from '../../../lib/api-client.ts'
import { answerReport } from './open-reports.ts'
import { OUTREACH_KEY } from './pickers.ts'

export type EncounterPayload = z.input<typeof encounterInputSchema>
type FieldIssue = { path: string; message: string }

/** An encounter recorded in the street that has not reached the server yet. */
export interface PendingEncounter {
  /** The idempotency key: the same entry sent twice is recorded once. */
  key: string
  /** Only the agent who recorded it sees it and sends it (a shared phone, another session). */
  userId: string
  payload: EncounterPayload
  /** The form as the agent left it, to correct a refused entry. */
  draft: unknown
  /** One line for the agent: who, situation. */
  summary: string
  /** The report (signalement) the encounter answers, marked visited once the encounter is recorded. */
  reportId: string | null
  savedAt: string
  /** The server refused it: it waits for a correction, and is never resent as it is. */
  refusal: { detail: string; errors: FieldIssue[] } | null
}

// localStorage rather than IndexedDB: a handful of small entries, read synchronously when the page
// loads (nothing to await before showing them), and no library to add.
const STORAGE_KEY = 'trame.outreach.pending-encounters'

function readAll(): PendingEncounter[] {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]')
    return Array.isArray(stored) ? stored : []
  } catch {
    return []
  }
}

let snapshot = readAll()
const listeners = new Set<() => void>()
function writeAll(entries: PendingEncounter[]) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(entries))
  snapshot = entries
  for (const listener of listeners) listener()
}
function subscribe(listener: () => void) {
  listeners.add(listener)
  // Another tab sent or queued an entry.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return
    snapshot = readAll()
    listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

/** Keeps (or replaces, same key) an entry until it is sent. */
export function keep(entry: PendingEncounter) {
  writeAll([...readAll().filter((e) => e.key !== entry.key), entry])
}
export function forget(key: string) {
  writeAll(readAll().filter((e) => e.key !== key))
}
export const pendingEntry = (key: string) => readAll().find((e) => e.key === key)

/** Whether an entry still waits to leave (neither sent nor refused): the form says it is kept as long. */
export function useStillWaiting(key: string | undefined) {
  return useSyncExternalStore(subscribe, () =>
    snapshot.some((entry) => entry.key === key && entry.refusal === null),
  )
}

/** A random version-4 UUID, also where `crypto.randomUUID` is missing (a page served over plain HTTP). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export type SendResult =
  | { outcome: 'sent'; encounter: Encounter }
  /** No network, the server unreachable or failing, the session expired: to be sent again as it is. */
  | { outcome: 'retry'; detail: string }
  /** Refused (bad input, no longer allowed): to be corrected, never resent as it is. */
  | { outcome: 'refused'; detail: string; errors: FieldIssue[] }

/** Sends one encounter; 201 (recorded) and 200 (already recorded with this key) both mean done. */
export async function sendEncounter(payload: EncounterPayload, reportId: string | null): Promise<SendResult> {
  if (!navigator.onLine) return { outcome: 'retry', detail: 'Pas de réseau.' }
  try {
    const encounter = await post<Encounter>('/api/outreach/encounters', payload)
    if (reportId) await answerReport(reportId, encounter.id).catch(() => false)
    return { outcome: 'sent', encounter }
  } catch (caught) {
    if (!(caught instanceof ApiError)) return { outcome: 'retry', detail: 'Erreur inattendue.' }
    const { status } = caught.problem
    if (status === 0 || status === 401 || status === 429 || status >= 500) {
      return {
        outcome: 'retry',
        detail: status === 401 ? 'Votre session a expiré : reconnectez-vous pour l’envoyer.' : caught.message,
      }
    }
    return { outcome: 'refused', detail: caught.problem.detail, errors: caught.problem.errors ?? [] }
  }
}

let flushing: Promise<{ sent: number; refused: number }> | null = null

/** Sends the agent's waiting entries, one at a time; a single run at once in this tab. */
function flush(userId: string) {
  flushing ??= (async () => {
    let sent = 0
    let refused = 0
    try {
      for (const entry of readAll().filter((e) => e.userId === userId && !e.refusal)) {
        const result = await sendEncounter(entry.payload, entry.reportId)
        if (result.outcome === 'retry') break
        if (result.outcome === 'sent') {
          forget(entry.key)
          sent += 1
        } else {
          keep({ ...entry, refusal: { detail: result.detail, errors: result.errors } })
          refused += 1
        }
      }
    } finally {
      flushing = null
    }
    return { sent, refused }
  })()
  return flushing
}

/**
 * The agent's entries waiting to be sent. They are sent when the page loads, when the network comes
 * back, every minute while some wait, and on demand.
 */
export function useEncounterQueue(userId: string | undefined) {
  const all = useSyncExternalStore(subscribe, () => snapshot)
  const pending = all.filter((e) => e.userId === userId)
  const queryClient = useQueryClient()
  const [lastSent, setLastSent] = useState(0)
  const [sending, setSending] = useState(false)
  const waiting = pending.some((e) => !e.refusal)

  const sendNow = useCallback(async () => {
    if (!userId) return
    setSending(true)
    try {
      const { sent } = await flush(userId)
      if (sent > 0) {
        setLastSent(sent)
        await queryClient.invalidateQueries({ queryKey: OUTREACH_KEY })
        await queryClient.invalidateQueries({ queryKey: ['reports'] })
      }
    } finally {
      setSending(false)
    }
  }, [userId, queryClient])

  useEffect(() => {
    if (!waiting) return
    void sendNow()
    window.addEventListener('online', sendNow)
    const timer = setInterval(sendNow, 60_000)
    return () => {
      window.removeEventListener('online', sendNow)
      clearInterval(timer)
    }
  }, [waiting, sendNow])

  return { pending, sending, lastSent, sendNow }
}
