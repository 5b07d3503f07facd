import { Button } from '@codegouvfr/react-dsfr/Button'
import { useEffect, useState } from 'react'
import { formatInstant } from '../../lib/dates.ts'
import { forget, useEncounterQueue } from './api/encounter-queue.ts'
import { plural } from './outreach-format.tsx'

/** Whether the browser has a network, as it says: updated by its `online` and `offline` events. */
export function useOnline() {
  const [online, setOnline] = useState(() => navigator.onLine)
  useEffect(() => {
    const on = () => setOnline(true)
    const off = () => setOnline(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    return () => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  }, [])
  return online
}

/**
 * The encounters kept on this device because the network dropped: the agent sees them, they leave on
 * their own when the network is back, and a refused one waits for a correction.
 */
export function PendingEncounters({ userId }: { userId: string }) {
  const { pending, sending, lastSent, sendNow } = useEncounterQueue(userId)
  const online = useOnline()
  return (
    <>
      <p className="fr-sr-only" role="status">
        {lastSent > 0 && pending.length === 0
          ? `${plural(lastSent, 'rencontre envoyée', 'rencontres envoyées')}.`
          : ''}
      </p>
      {lastSent > 0 && pending.length === 0 && (
        <p className="fr-text--sm fr-mb-2w outreach-sent" aria-hidden="true">
          <span className="fr-icon-check-line fr-icon--sm" aria-hidden="true" />{' '}
          {plural(lastSent, 'rencontre envoyée', 'rencontres envoyées')} : plus rien en attente sur cet
          appareil.
        </p>
      )}
      {pending.length > 0 && (
        <section className="outreach-pending fr-p-2w fr-mb-3w" aria-labelledby="outreach-pending-title">
          <h2 id="outreach-pending-title" className="fr-h6 fr-mb-1w">
            En attente d’envoi ({pending.length})
          </h2>
          <p className="fr-text--sm fr-mb-1w" role="status">
            {!online
              ? 'Pas de réseau : les rencontres restent sur cet appareil et partiront dès le retour du réseau.'
              : sending
                ? 'Envoi en cours…'
                : 'Enregistrées sur cet appareil, pas encore sur le serveur.'}
          </p>
          <ul className="fr-raw-list">
            {pending.map((entry) => (
              <li key={entry.key} className="outreach-pending__item fr-py-1w">
                <p className="fr-mb-1v">
                  <strong>{entry.summary}</strong>
                  <span className="fr-text--xs fr-mb-0"> — saisie le {formatInstant(entry.savedAt)}</span>
                </p>
                {entry.refusal && (
                  <div className="fr-message fr-message--error fr-mb-1v">
                    <p className="fr-mb-0">Refusée par le serveur : {entry.refusal.detail}</p>
                    {entry.refusal.errors.length > 0 && (
                      <ul className="fr-mb-0">
                        {entry.refusal.errors.map((e) => (
                          <li key={e.path}>{e.message}</li>
                        ))}
                      </ul>
                    )}
                  </div>
                )}
                <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                  {entry.refusal && (
                    <li>
                      <Button
                        size="small"
                        linkProps={{ to: `/aller-vers/rencontres/nouvelle?reprise=${entry.key}` }}
                      >
                        Corriger
                      </Button>
                    </li>
                  )}
                  <li>
                    <Button
                      size="small"
                      priority="tertiary"
                      type="button"
                      onClick={() => {
                        if (window.confirm('Supprimer cette rencontre ? Elle ne sera jamais envoyée.'))
                          void forget(entry.key)
                      }}
                    >
                      Supprimer<span className="fr-sr-only"> la rencontre {entry.summary}</span>
                    </Button>
                  </li>
                </ul>
              </li>
            ))}
          </ul>
          {online && pending.some((e) => !e.refusal) && (
            <Button size="small" priority="secondary" type="button" onClick={sendNow} disabled={sending}>
              Envoyer maintenant
            </Button>
          )}
        </section>
      )}
    </>
  )
}
