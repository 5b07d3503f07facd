import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import {
  ENGAGED_DETAIL,
  ENGAGEMENT_STAGE,
  EXIT_REASON,
  type Followup,
  followupCloseSchema,
  stageChangeSchema,
} from '../../../shared/outreach.ts'
import { formatDate, formatInstant } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useCaseload, useChangeStage, useCloseFollowup } from './api/followups.ts'
import { useUrlFilters } from './filters.tsx'
import { plural, StageBadge } from './outreach-format.tsx'
import { enumOptions, FormPanel, OptionSelect, TableFrame, TeamSelect } from './ui.tsx'

/** The team's active caseload: people with an open outreach follow-up, longest without contact first. */
export function CaseloadPage() {
  usePageTitle('File active')
  const { data: me } = useMe()
  const filters = useUrlFilters({ teamId: '', page: '1' })
  const caseload = useCaseload(filters.values.teamId, Number(filters.values.page) || 1)
  const [openId, setOpenId] = useState<string | null>(null)
  const items = caseload.data?.items ?? []
  const alerts = items.filter((f) => f.alert).length
  const selected = items.find((f) => f.id === openId)
  return (
    <>
      <h1>File active</h1>
      <p>
        Les personnes suivies par l’équipe d’aller-vers. Une alerte signale un suivi sans contact depuis plus
        de {caseload.data ? plural(caseload.data.alertDays, 'jour') : '…'}.
      </p>
      <search className="fr-grid-row fr-grid-row--gutters fr-mb-2w">
        <div className="fr-col-12 fr-col-md-4">
          <TeamSelect
            empty="Toutes"
            value={filters.values.teamId}
            onChange={(v) => {
              filters.set('teamId', v)
              filters.set('page', '1')
            }}
          />
        </div>
      </search>
      {caseload.error && <ErrorAlert message={caseload.error.message} />}
      <p role="status">
        {caseload.data &&
          `${plural(caseload.data.total, 'personne suivie', 'personnes suivies')}${alerts ? `, dont ${plural(alerts, 'alerte')}${caseload.data.total > items.length ? ' sur cette page' : ''}` : ''}`}
      </p>
      {items.length > 0 && (
        <TableFrame
          caption="File active"
          head={['Personne', 'Étape', 'Premier contact', 'Engagement', 'Dernier contact', 'Suivi']}
        >
          {items.map((f) => (
            <tr key={f.id}>
              <td>
                <Link to={`/personnes/${f.personId}`}>{f.personName}</Link>
                {f.teamName && (
                  <>
                    <br />
                    <span className="fr-text--xs">{f.teamName}</span>
                  </>
                )}
              </td>
              <td>
                <StageBadge stage={f.stage} />
              </td>
              <td>{formatDate(f.firstContactAt)}</td>
              <td>{f.engagedAt ? formatDate(f.engagedAt) : '—'}</td>
              <td>
                {formatDate(f.lastContactAt)}
                <br />
                {f.alert ? (
                  <Badge small severity="error">
                    {`Sans contact depuis ${plural(f.daysSinceLastContact, 'jour')}`}
                  </Badge>
                ) : (
                  <span className="fr-text--xs">
                    {f.daysSinceLastContact === 0
                      ? 'aujourd’hui'
                      : `il y a ${plural(f.daysSinceLastContact, 'jour')}`}
                  </span>
                )}
              </td>
              <td>
                <Button
                  size="small"
                  priority={openId === f.id ? 'primary' : 'secondary'}
                  type="button"
                  aria-expanded={openId === f.id}
                  aria-controls="caseload-detail"
                  onClick={() => setOpenId(openId === f.id ? null : f.id)}
                >
                  Gérer<span className="fr-sr-only"> le suivi de {f.personName}</span>
                </Button>
              </td>
            </tr>
          ))}
        </TableFrame>
      )}
      {caseload.data && caseload.data.total > caseload.data.pageSize && (
        <ListPagination
          list={caseload.data}
          noun={['personne suivie', 'personnes suivies']}
          onPage={(page) => filters.set('page', String(page))}
        />
      )}
      <div id="caseload-detail">
        {selected && (
          <FollowupPanel
            key={selected.id}
            followup={selected}
            canWrite={hasPermission(me, 'outreach.write')}
            onClosed={() => setOpenId(null)}
          />
        )}
      </div>
    </>
  )
}

/** Oldest first; at the same minute, in the order of the ladder (first contact before support accepted). */
const inOrder = (history: Followup['history']) =>
  [...history].sort(
    (a, b) =>
      a.at.localeCompare(b.at) ||
      ENGAGEMENT_STAGE.values.indexOf(a.stage) - ENGAGEMENT_STAGE.values.indexOf(b.stage),
  )

/** One follow-up: its dated stages, what the file lacks once engaged, a stage change, the closing. */
function FollowupPanel(props: { followup: Followup; canWrite: boolean; onClosed: () => void }) {
  const f = props.followup
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  return (
    <section aria-labelledby="followup-title" className="fr-p-3w fr-mt-3w fr-background-alt--grey">
      <h2 id="followup-title" className="fr-h4" tabIndex={-1} ref={headingRef}>
        Suivi de {f.personName}
      </h2>
      {f.missingDetails.length > 0 && (
        <div className="fr-callout fr-mb-3w">
          <p className="fr-callout__text fr-text--sm">
            Accompagnement accepté : le dossier est à compléter (
            {f.missingDetails.map((d) => ENGAGED_DETAIL.labels[d]).join(', ')}).
          </p>
          <Button priority="secondary" size="small" linkProps={{ to: `/personnes/${f.personId}/modifier` }}>
            Compléter le dossier
          </Button>
        </div>
      )}
      {f.stage === 'in_followup' && (
        // One casework story: the follow-up record (accompagnement) is opened or continued there.
        <p>
          <Link to={`/accompagnement/personnes/${f.personId}`}>Voir ou ouvrir l’accompagnement</Link>
        </p>
      )}
      <h3 className="fr-h6">Étapes</h3>
      <ul className="fr-mb-3w">
        {inOrder(f.history).map((h) => (
          <li key={`${h.at}-${h.stage}`}>
            <strong>{formatInstant(h.at)}</strong> — {ENGAGEMENT_STAGE.labels[h.stage]}
            <span className="fr-text--sm"> ({h.by})</span>
            {h.note && <span className="fr-text--sm"> : {h.note}</span>}
          </li>
        ))}
      </ul>
      {props.canWrite && (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <StageForm followup={f} />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <CloseForm followup={f} onClosed={props.onClosed} />
          </div>
        </div>
      )}
    </section>
  )
}

function StageForm({ followup }: { followup: Followup }) {
  const change = useChangeStage(followup.id)
  const form = useFormErrors()
  const [stage, setStage] = useState('')
  const [at, setAt] = useState('')
  const [note, setNote] = useState('')
  async function submit(event: FormEvent) {
    event.preventDefault()
    const input = form.check(stageChangeSchema, {
      stage: stage || undefined,
      at: at ? new Date(at).toISOString() : undefined,
      note,
    })
    if (input) {
      await form.run(
        () => change.mutateAsync(input),
        `Étape « ${ENGAGEMENT_STAGE.labels[input.stage]} » enregistrée.`,
      )
    }
  }
  return (
    <FormPanel id="stage-title" title="Changer l’étape" level="h3" form={form} onSubmit={submit} plain>
      <OptionSelect
        label="Nouvelle étape"
        empty="Choisir"
        value={stage}
        onChange={setStage}
        options={enumOptions(ENGAGEMENT_STAGE.labels).filter((o) => o.value !== followup.stage)}
        state={form.state('stage')}
      />
      <Input
        label="Date et heure (facultatif)"
        hintText="Si ce n’est pas à l’instant : l’engagement est mesuré depuis cette date."
        nativeInputProps={{ type: 'datetime-local', value: at, onChange: (e) => setAt(e.target.value) }}
        {...form.state('at')}
      />
      <Input
        label="Note (facultatif)"
        nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" disabled={change.isPending}>
        Enregistrer l’étape
      </Button>
    </FormPanel>
  )
}

function CloseForm({ followup, onClosed }: { followup: Followup; onClosed: () => void }) {
  const close = useCloseFollowup(followup.id)
  const form = useFormErrors()
  const [exitReason, setExitReason] = useState('')
  const [note, setNote] = useState('')
  async function submit(event: FormEvent) {
    event.preventDefault()
    const input = form.check(followupCloseSchema, { exitReason: exitReason || undefined, note })
    if (input && (await form.run(() => close.mutateAsync(input)))) onClosed()
  }
  return (
    <FormPanel id="close-title" title="Clore le suivi" level="h3" form={form} onSubmit={submit} plain>
      <OptionSelect
        label="Motif de sortie"
        empty="Choisir"
        value={exitReason}
        onChange={setExitReason}
        options={enumOptions(EXIT_REASON.labels)}
        state={form.state('exitReason')}
      />
      <Input
        label="Note (facultatif)"
        nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" priority="secondary" disabled={close.isPending}>
        Clore le suivi
      </Button>
    </FormPanel>
  )
}
