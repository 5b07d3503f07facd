import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type { z } from 'zod'
import type { Encounter, encounterInputSchema } from '../../../../shared/outreach.ts'
import { ApiError, post } from '../../../lib/api-client.ts'
import { deviceStore } from '../../../lib/device-store.ts'
import { meQuery, signedInWithoutNetwork } from '../../../lib/session.ts'
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

const STORE = 'pending-encounters'
/** Where the queue was kept before IndexedDB: moved over once, then emptied. */
const LEGACY_STORAGE_KEY = 'trame.outreach.pending-encounters'
/** Tells the other tabs of this device that the queue changed. */
const channel =
  typeof BroadcastChannel === 'function' ? new BroadcastChannel('trame-pending-encounters') : null

async function readAll(): Promise<PendingEncounter[]> {
  const entries = await deviceStore.all<PendingEncounter>(STORE)
  return entries.sort((a, b) => a.savedAt.localeCompare(b.savedAt))
}

async function moveLegacyEntries() {
  const legacy = localStorage.getItem(LEGACY_STORAGE_KEY)
  if (legacy === null) return
  try {
    const entries: unknown = JSON.parse(legacy)
    if (Array.isArray(entries)) for (const entry of entries) await deviceStore.put(STORE, entry)
  } catch {
    // Unreadable: nothing to move.
  }
  localStorage.removeItem(LEGACY_STORAGE_KEY)
}

// Read before the pages of this module are shown (a top-level await), so that they read it at once.
let snapshot: PendingEncounter[] = await moveLegacyEntries()
  .then(readAll)
  .catch(() => [])
const listeners = new Set<() => void>()
function changed(entries: PendingEncounter[]) {
  snapshot = entries
  for (const listener of listeners) listener()
}
channel?.addEventListener('message', () => void readAll().then(changed))
function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
async function afterWrite() {
  changed(await readAll())
  channel?.postMessage('changed')
}

/** Keeps (or replaces, same key) an entry on this device until it is sent. */
export async function keep(entry: PendingEncounter) {
  await deviceStore.put(STORE, entry)
  await afterWrite()
}
export async function forget(key: string) {
  await deviceStore.delete(STORE, key)
  await afterWrite()
}
export const pendingEntry = (key: string) => snapshot.find((e) => e.key === key)

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
    // No token yet (the page opened without network): the queue asks for the session, then sends it.
    const noToken = caught.code === 'CSRF_INVALID'
    if (status === 0 || status === 401 || status === 429 || status >= 500 || noToken) {
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
      for (const entry of (await readAll()).filter((e) => e.userId === userId && !e.refusal)) {
        const result = await sendEncounter(entry.payload, entry.reportId)
        if (result.outcome === 'retry') break
        if (result.outcome === 'sent') {
          await forget(entry.key)
          sent += 1
        } else {
          await keep({ ...entry, refusal: { detail: result.detail, errors: result.errors } })
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
      // Opened without network: the session (and its token for writes) is asked for first.
      if (signedInWithoutNetwork(queryClient.getQueryData(meQuery.queryKey))) {
        const me = await queryClient.fetchQuery({ ...meQuery, staleTime: 0 }).catch(() => undefined)
        if (!me || signedInWithoutNetwork(me)) return
      }
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
