import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router'
import { ENCOUNTER_ACTION, PLACE_TYPE, ROUND_MODE, type Round, SITUATION } from '../../../shared/outreach.ts'
import { formatDate, formatInstant, formatTime } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useOpenReports } from './api/open-reports.ts'
import { useHandoutItems } from './api/pickers.ts'
import { type RoundSheet, useCloseRound, useRoundSheet, useUpdateRound } from './api/rounds.ts'
import { describeAnonymous, RoundStatusBadge, roundTitle, SummaryRow } from './outreach-format.tsx'
import { lastVisitText } from './PlacesPage.tsx'
import { loading } from './ui.tsx'

/** The round sheet: who goes where, the places of the zone and their risks, open reports, encounters, report. */
export function RoundSheetPage() {
  const { id = '' } = useParams()
  const sheet = useRoundSheet(id)
  const { data: me } = useMe()
  usePageTitle(sheet.data ? roundTitle(sheet.data.round) : 'Tournée')
  const waiting = loading(sheet)
  if (waiting) return waiting
  const { round } = sheet.data!
  const canWrite = hasPermission(me, 'outreach.write')
  return (
    <>
      <p className="fr-mb-1w">
        <Link to="/aller-vers">← Toutes les tournées</Link>
      </p>
      <h1 className="fr-mb-1w">{roundTitle(round)}</h1>
      <ul className="fr-badges-group fr-mb-2w">
        <li>
          <RoundStatusBadge status={round.status} />
        </li>
      </ul>
      <RoundSummary round={round} />
      {canWrite && <RoundActions round={round} />}
      <PlacesToVisit sheet={sheet.data!} canWrite={canWrite && round.status !== 'cancelled'} />
      {hasPermission(me, 'report.triage') && <ZoneReports round={round} canWrite={canWrite} />}
      <RoundEncounters sheet={sheet.data!} />
      {canWrite && round.status !== 'cancelled' ? (
        <CloseRound round={round} />
      ) : (
        <ClosingReport round={round} />
      )}
    </>
  )
}

function RoundSummary({ round }: { round: Round }) {
  return (
    <dl className="outreach-summary fr-mb-3w">
      <SummaryRow label="Secteur">{round.zoneName ?? 'Non précisé'}</SummaryRow>
      <SummaryRow label="Équipe">{round.teamName ?? 'Non précisée'}</SummaryRow>
      <SummaryRow label="Agents">
        {[round.leadUserName && `${round.leadUserName} (responsable)`, ...round.agents.map((a) => a.name)]
          .filter(Boolean)
          .join(', ') || 'Non précisés'}
      </SummaryRow>
      {round.partnerNames.length > 0 && (
        <SummaryRow label="Partenaires">{round.partnerNames.join(' ; ')}</SummaryRow>
      )}
      <SummaryRow label="Déplacement">{ROUND_MODE.labels[round.mode]}</SummaryRow>
      {round.note && (
        <SummaryRow label="Note">
          <span className="outreach-pre">{round.note}</span>
        </SummaryRow>
      )}
    </dl>
  )
}

function RoundActions({ round }: { round: Round }) {
  const update = useUpdateRound(round.id)
  const action = useFormErrors()
  return (
    <>
      <ErrorAlert message={action.error} />
      <SuccessAlert message={action.done} />
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-3w">
        {round.status !== 'cancelled' && (
          <li>
            <Button
              iconId="fr-icon-add-line"
              size="large"
              linkProps={{ to: `/aller-vers/rencontres/nouvelle?tournee=${round.id}` }}
            >
              Nouvelle rencontre
              <span className="fr-sr-only"> pendant cette tournée</span>
            </Button>
          </li>
        )}
        {round.status === 'planned' && (
          <>
            <li>
              <Button
                priority="secondary"
                iconId="fr-icon-edit-line"
                linkProps={{ to: `/aller-vers/tournees/${round.id}/modifier` }}
              >
                Modifier
              </Button>
            </li>
            <li>
              <Button
                priority="tertiary"
                iconId="fr-icon-close-circle-line"
                type="button"
                disabled={update.isPending}
                onClick={() =>
                  window.confirm('Annuler cette tournée ?') &&
                  action.run(() => update.mutateAsync({ status: 'cancelled' }), 'Tournée annulée.')
                }
              >
                Annuler la tournée
              </Button>
            </li>
          </>
        )}
        {round.status === 'cancelled' && (
          <li>
            <Button
              priority="secondary"
              type="button"
              disabled={update.isPending}
              onClick={() => action.run(() => update.mutateAsync({ status: 'planned' }), 'Tournée rétablie.')}
            >
              Rétablir la tournée
            </Button>
          </li>
        )}
      </ul>
    </>
  )
}

function PlacesToVisit({ sheet, canWrite }: { sheet: RoundSheet; canWrite: boolean }) {
  const { round, places } = sheet
  return (
    <section aria-labelledby="round-places" className="fr-mb-4w">
      <h2 id="round-places" className="fr-h4">
        Lieux à visiter
      </h2>
      {!round.zoneId && <p>La tournée n’a pas de secteur : ses lieux ne peuvent pas être proposés.</p>}
      {round.zoneId && places.length === 0 && <p>Aucun lieu actif connu dans le secteur {round.zoneName}.</p>}
      <ul className="fr-raw-list">
        {places.map((p) => (
          <li key={p.id} className="outreach-card fr-mb-2w">
            <h3 className="fr-h6 fr-mb-1v">
              <Link to={`/aller-vers/lieux/${p.id}`}>{p.name}</Link>
            </h3>
            <p className="fr-text--sm fr-mb-1v">
              {PLACE_TYPE.labels[p.type]}
              {p.address && ` · ${p.address}`}
            </p>
            <p className="fr-text--sm fr-mb-1v">{lastVisitText(p)}</p>
            {p.riskNotes && (
              <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-1w">
                <p>
                  <strong>Risques pour les agents :</strong> {p.riskNotes}
                </p>
              </div>
            )}
            {canWrite && (
              <Button
                size="small"
                priority="secondary"
                linkProps={{ to: `/aller-vers/rencontres/nouvelle?tournee=${round.id}&lieu=${p.id}` }}
              >
                Rencontre sur ce lieu<span className="fr-sr-only"> : {p.name}</span>
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Open reports of the round's zone, and those given to the round. */
function ZoneReports({ round, canWrite }: { round: Round; canWrite: boolean }) {
  const reports = useOpenReports(true)
  const items = (reports.data ?? []).filter(
    (r) => r.roundId === round.id || (round.zoneId !== null && r.zoneId === round.zoneId),
  )
  return (
    <section aria-labelledby="round-reports" className="fr-mb-4w">
      <h2 id="round-reports" className="fr-h4">
        Signalements ouverts{round.zoneName ? ` du secteur ${round.zoneName}` : ' confiés à la tournée'}
      </h2>
      {reports.error && <p>Les signalements ne peuvent pas être lus pour le moment.</p>}
      {reports.data && items.length === 0 && <p>Aucun signalement ouvert.</p>}
      <ul className="fr-raw-list">
        {items.map((r) => (
          <li key={r.id} className="outreach-card fr-mb-2w">
            <h3 className="fr-h6 fr-mb-1v">
              <Link to={`/signalements/${r.id}`}>Signalement {r.reference}</Link>
            </h3>
            <ul className="fr-badges-group fr-mb-1v">
              {r.roundId === round.id && (
                <li>
                  <Badge small noIcon severity="info">
                    Confié à cette tournée
                  </Badge>
                </li>
              )}
              {r.urgency === 'urgent' && (
                <li>
                  <Badge small severity="warning">
                    Urgent
                  </Badge>
                </li>
              )}
              {r.overdue && (
                <li>
                  <Badge small severity="error">
                    En retard
                  </Badge>
                </li>
              )}
            </ul>
            <p className="fr-text--sm fr-mb-1v">
              <strong>{r.locationText}</strong> — reçu le {formatInstant(r.receivedAt)}
            </p>
            <p className="fr-text--sm fr-mb-1w outreach-pre">{r.situation}</p>
            {canWrite && round.status !== 'cancelled' && (
              <Button
                size="small"
                priority="secondary"
                linkProps={{ to: `/aller-vers/rencontres/nouvelle?tournee=${round.id}&signalement=${r.id}` }}
              >
                Rencontre pour ce signalement<span className="fr-sr-only"> {r.reference}</span>
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function RoundEncounters({ sheet }: { sheet: RoundSheet }) {
  return (
    <section aria-labelledby="round-encounters" className="fr-mb-4w">
      <h2 id="round-encounters" className="fr-h4">
        Rencontres de la tournée ({sheet.encounters.length})
      </h2>
      {sheet.encounters.length === 0 && <p>Aucune rencontre enregistrée.</p>}
      <ul className="fr-raw-list">
        {sheet.encounters.map((e) => (
          <li key={e.id} className="outreach-card fr-mb-1w">
            <p className="fr-mb-1v">
              <Link to={`/aller-vers/rencontres/${e.id}`}>
                {e.personName ?? (e.anonymous ? describeAnonymous(e.anonymous) : 'Rencontre')}
              </Link>{' '}
              <span className="fr-text--sm">— {formatTime(e.occurredAt)}</span>
            </p>
            <p className="fr-text--sm fr-mb-0">
              {[
                SITUATION.labels[e.situation],
                e.placeName,
                ...e.actions.map((a) => ENCOUNTER_ACTION.labels[a]),
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The closing report as written, for those who only read it. */
function ClosingReport({ round }: { round: Round }) {
  if (round.status !== 'done') return null
  return (
    <section aria-labelledby="round-report" className="fr-mb-4w">
      <h2 id="round-report" className="fr-h4">
        Compte rendu
      </h2>
      <HandoutsList round={round} />
      {round.remarks && <p className="outreach-pre">{round.remarks}</p>}
    </section>
  )
}

function HandoutsList({ round }: { round: Round }) {
  const given = round.handouts.filter((h) => h.quantity > 0)
  if (given.length === 0) return <p>Rien n’a été distribué.</p>
  return (
    <ul>
      {given.map((h) => (
        <li key={h.itemId}>
          {h.label} : {h.quantity.toLocaleString('fr-FR')}
        </li>
      ))}
    </ul>
  )
}

/** The closing report: a quantity per handout item, remarks, the time it ended. Can be corrected. */
function CloseRound({ round }: { round: Round }) {
  const items = useHandoutItems()
  const close = useCloseRound(round.id)
  const form = useFormErrors()
  const [editing, setEditing] = useState(false)
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(round.handouts.map((h) => [h.itemId, String(h.quantity)])),
  )
  const [remarks, setRemarks] = useState(round.remarks ?? '')
  const [endTime, setEndTime] = useState(round.endTime ?? '')
  const shown = (items.data ?? []).filter((i) => i.active || round.handouts.some((h) => h.itemId === i.id))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const handouts = shown.map((i) => ({ itemId: i.id, quantity: Number(quantities[i.id]?.trim() || '0') }))
    const bad = shown.findIndex((i) => !/^\d+$/.test(quantities[i.id]?.trim() || '0'))
    if (bad >= 0) {
      form.show('Certains champs sont à corriger : voir les messages sous les champs.', [
        { path: `handouts.${bad}.quantity`, message: 'Indiquez un nombre entier, 0 ou plus.' },
      ])
      return
    }
    const saved = await form.run(
      () => close.mutateAsync({ handouts, remarks, endTime: endTime || null }),
      round.status === 'done' ? 'Compte rendu corrigé.' : 'Tournée close : compte rendu enregistré.',
    )
    if (saved) setEditing(false)
  }

  if (round.status === 'done' && !editing) {
    return (
      <section aria-labelledby="round-report" className="fr-mb-4w">
        <h2 id="round-report" className="fr-h4">
          Compte rendu
        </h2>
        <SuccessAlert message={form.done} />
        <p className="fr-text--sm">Tournée close le {formatInstant(round.closedAt)}.</p>
        <HandoutsList round={round} />
        {round.remarks && <p className="outreach-pre">{round.remarks}</p>}
        <Button priority="secondary" size="small" type="button" onClick={() => setEditing(true)}>
          Corriger le compte rendu
        </Button>
      </section>
    )
  }
  return (
    <section aria-labelledby="round-close" className="fr-mb-4w">
      <h2 id="round-close" className="fr-h4">
        {round.status === 'done' ? 'Corriger le compte rendu' : 'Clore la tournée'}
      </h2>
      <form onSubmit={submit} noValidate className="outreach-narrow">
        <ErrorAlert message={form.error ?? form.fields.handouts} />
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-text--regular">Distribué pendant la tournée</legend>
          {shown.map((item, index) => (
            <div key={item.id} className="fr-fieldset__element fr-col-6 fr-col-md-4">
              <Input
                label={item.label}
                nativeInputProps={{
                  type: 'number',
                  inputMode: 'numeric',
                  min: 0,
                  value: quantities[item.id] ?? '',
                  placeholder: '0',
                  onChange: (e) => setQuantities((q) => ({ ...q, [item.id]: e.target.value })),
                }}
                {...form.state(`handouts.${index}.quantity`)}
              />
            </div>
          ))}
        </fieldset>
        <Input
          label="Heure de fin (facultatif)"
          nativeInputProps={{ type: 'time', value: endTime, onChange: (e) => setEndTime(e.target.value) }}
          {...form.state('endTime')}
        />
        <Input
          label="Remarques (facultatif)"
          hintText="Ce qui a marqué la tournée, ce qui est à prévoir."
          textArea
          nativeTextAreaProps={{ rows: 3, value: remarks, onChange: (e) => setRemarks(e.target.value) }}
          {...form.state('remarks')}
        />
        {round.status === 'planned' && round.date > new Date().toISOString().slice(0, 10) && (
          <Alert
            className="fr-mb-2w"
            severity="info"
            small
            description={`Cette tournée est prévue le ${formatDate(round.date)}.`}
          />
        )}
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          <li>
            <Button type="submit" disabled={close.isPending}>
              {round.status === 'done' ? 'Enregistrer le compte rendu' : 'Clore la tournée'}
            </Button>
          </li>
          {editing && (
            <li>
              <Button priority="secondary" type="button" onClick={() => setEditing(false)}>
                Annuler
              </Button>
            </li>
          )}
        </ul>
      </form>
    </section>
  )
}
