import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons'
import { useQueryClient } from '@tanstack/react-query'
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { Link } from 'react-router'
import type { MailRecipient } from '../../../shared/domiciliation.mail.ts'
import { MAIL_KIND, type MailKind } from '../../../shared/domiciliation.ts'
import { ApiError, get } from '../../lib/api-client.ts'
import { formatDate, formatTime } from '../../lib/dates.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { mailKeys, useLogMail, useMailRecipients } from './mail-api.ts'

type Logged = {
  id: string
  at: string
  personId: string
  name: string
  kind: MailKind
  sender: string | null
}

const fetchRecipients = async (q: string) =>
  (await get<{ items: MailRecipient[] }>(`/api/mail-items/recipients?q=${encodeURIComponent(q)}`)).items

/**
 * The mail desk: the agent types a name or scans the file number, then each Enter logs one item of
 * the kind chosen for the person highlighted. The text stays selected: Enter again logs another item
 * for the same person, typing or scanning replaces it.
 */
export function MailDeskPage() {
  usePageTitle('Courrier')
  const [kind, setKind] = useState<MailKind>('letter')
  const [sender, setSender] = useState('')
  const [q, setQ] = useState('')
  const [debounced, setDebounced] = useState('')
  const [highlighted, setHighlighted] = useState(0)
  const [logged, setLogged] = useState<Logged[]>([])
  const [error, setError] = useState<string>()
  const [announce, setAnnounce] = useState('')
  const searchRef = useRef<HTMLInputElement>(null)
  const resultsId = useId()
  const queryClient = useQueryClient()
  const logMail = useLogMail()

  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(q.trim())
      setHighlighted(0)
    }, 150)
    return () => clearTimeout(timer)
  }, [q])
  const results = useMailRecipients(debounced)
  const shown = debounced.length >= 2 ? (results.data ?? []) : []

  async function logFor(recipient: MailRecipient) {
    setError(undefined)
    try {
      const item = await logMail.mutateAsync({ personId: recipient.personId, kind, sender: sender || null })
      setLogged((list) => [
        {
          id: item.id,
          at: item.receivedAt,
          personId: recipient.personId,
          name: recipient.displayName,
          kind,
          sender: item.sender,
        },
        ...list,
      ])
      const count = logged.filter((l) => l.personId === recipient.personId).length + 1
      setAnnounce(
        `${MAIL_KIND.labels[kind]} enregistré pour ${recipient.displayName} (${count} dans cette saisie).`,
      )
      setSender('')
      searchRef.current?.select()
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? (caught.problem.errors?.[0]?.message ?? caught.problem.detail)
          : 'Une erreur inattendue est survenue. Réessayez.',
      )
    }
  }

  async function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setHighlighted((i) => Math.min(Math.max(i + step, 0), Math.max(shown.length - 1, 0)))
      return
    }
    if (event.key !== 'Enter') return
    event.preventDefault()
    const typed = q.trim()
    if (!typed) return
    // A scanner types faster than the list refreshes: read the answer for what is typed now.
    // While the list still shows the previous answer (placeholder), it is not this one's.
    const current = typed === debounced && results.data && !results.isPlaceholderData
    const list =
      current && results.data
        ? results.data
        : await queryClient.fetchQuery({
            queryKey: mailKeys.recipients(typed),
            queryFn: () => fetchRecipients(typed),
          })
    const recipient = list[current ? highlighted : 0]
    if (!recipient) {
      setError(`Aucune personne domiciliée aujourd’hui ne correspond à « ${typed} ».`)
      return
    }
    await logFor(recipient)
  }

  return (
    <>
      <h1>Courrier</h1>
      <p>
        Saisissez le nom ou scannez le numéro de dossier, choisissez le type, puis appuyez sur Entrée : chaque
        appui enregistre un courrier pour la personne en surbrillance.
      </p>
      <ErrorAlert message={error} />
      <p className="fr-sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-7">
          <RadioButtons
            legend="Type de courrier"
            orientation="horizontal"
            small
            options={MAIL_KIND.values.map((value) => ({
              label: MAIL_KIND.labels[value],
              nativeInputProps: { checked: kind === value, onChange: () => setKind(value) },
            }))}
          />
          <Input
            label="Nom ou numéro de dossier"
            hintText="Entrée enregistre un courrier ; flèches haut et bas pour choisir parmi plusieurs personnes."
            nativeInputProps={{
              ref: searchRef,
              value: q,
              type: 'search',
              autoComplete: 'off',
              autoFocus: true,
              role: 'combobox',
              'aria-expanded': shown.length > 0,
              'aria-controls': resultsId,
              'aria-activedescendant': shown[highlighted] ? `${resultsId}-${highlighted}` : undefined,
              onChange: (e) => setQ(e.target.value),
              onKeyDown,
            }}
          />
          <Input
            label="Expéditeur (facultatif)"
            hintText="Noté seulement si utile (recommandé, administration) ; jamais dit dans l’e-mail à la personne."
            nativeInputProps={{ value: sender, onChange: (e) => setSender(e.target.value), maxLength: 200 }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-5">
          <div id={resultsId} role="listbox" aria-label="Personnes domiciliées trouvées">
            {shown.map((r, i) => (
              <div
                key={r.personId}
                id={`${resultsId}-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === highlighted}
                className={`fr-p-1w fr-mb-1v ${i === highlighted ? 'fr-background-action-low--blue-france' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault()
                  setHighlighted(i)
                  searchRef.current?.focus()
                }}
              >
                <strong>{r.displayName}</strong> · dossier {r.fileNumber}
                <br />
                <span className="fr-text--sm">
                  Domicilié·e jusqu’au {formatDate(r.period?.endOn)} · {r.waitingCount} en attente
                </span>
              </div>
            ))}
          </div>
          {debounced.length >= 2 && results.data?.length === 0 && (
            <p className="fr-text--sm">Aucune personne domiciliée aujourd’hui ne correspond.</p>
          )}
          {shown[highlighted] && (
            <div className="fr-mt-2w">
              <Button
                size="small"
                className="fr-mb-1w"
                disabled={logMail.isPending}
                onClick={() => void logFor(shown[highlighted]!)}
              >
                {`Enregistrer un courrier pour ${shown[highlighted].displayName}`}
              </Button>
              <br />
              <Link to={`/courrier/personnes/${shown[highlighted].personId}`}>
                Courrier et procurations de {shown[highlighted].displayName}
              </Link>
            </div>
          )}
        </div>
      </div>

      <h2 className="fr-h4 fr-mt-4w">Saisis pendant cette session ({logged.length})</h2>
      {logged.length === 0 ? (
        <p>Aucun courrier saisi pour l’instant.</p>
      ) : (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Courriers saisis pendant cette session</caption>
            <thead>
              <tr>
                <th scope="col">Heure</th>
                <th scope="col">Personne</th>
                <th scope="col">Type</th>
                <th scope="col">Expéditeur</th>
              </tr>
            </thead>
            <tbody>
              {logged.map((l) => (
                <tr key={l.id}>
                  <td>{formatTime(l.at)}</td>
                  <td>
                    <Link to={`/courrier/personnes/${l.personId}`}>{l.name}</Link>
                  </td>
                  <td>{MAIL_KIND.labels[l.kind]}</td>
                  <td>{l.sender ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
