import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { FAMILY_RIGHT, type Family, RIGHT_STATUS, referralInputSchema } from '../../../shared/outreach.ts'
import { HOUSEHOLD_RELATIONSHIP } from '../../../shared/people.ts'
import { PARTNER_ANSWER } from '../../../shared/referrals.ts'
import { formatDate } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useAddReferral, useFamily, useUpdateFamily, useUpdateReferral } from './api/families.ts'
import { type Picked, ServiceChooser } from './encounter-fields.tsx'
import { rightsSummary } from './FamiliesPage.tsx'
import { SummaryRow } from './outreach-format.tsx'
import { enumOptions, FormPanel, loading, OptionSelect, TeamSelect } from './ui.tsx'

/** A family with incomplete rights: members, the rights checklist, referrals to partner services. */
export function FamilyPage() {
  const { id = '' } = useParams()
  const family = useFamily(id)
  const { data: me } = useMe()
  usePageTitle('Famille aux droits incomplets')
  const waiting = loading(family)
  if (waiting) return waiting
  const f = family.data!
  const canWrite = hasPermission(me, 'outreach.write')
  return (
    <>
      <p className="fr-mb-1w">
        <Link to="/aller-vers/familles">← Toutes les familles</Link>
      </p>
      <h1>Famille {(f.members.find((m) => m.relationship === 'head') ?? f.members[0])?.displayName ?? ''}</h1>
      {hasPermission(me, 'followup.read') && (
        // The family's follow-up record: one casework story for the household, opened or continued there.
        <p>
          <Link to={`/accompagnement/foyers/${f.householdId}`}>Accompagnement de la famille</Link>
        </p>
      )}
      <dl className="outreach-summary fr-mb-3w">
        <SummaryRow label="Membres">
          <ul className="fr-raw-list">
            {f.members.map((m) => (
              <li key={m.personId}>
                <Link to={`/personnes/${m.personId}`}>{m.displayName}</Link>
                <span className="fr-text--sm">
                  {' '}
                  —{' '}
                  {HOUSEHOLD_RELATIONSHIP.labels[
                    m.relationship as keyof typeof HOUSEHOLD_RELATIONSHIP.labels
                  ] ?? m.relationship}
                  {m.birthDate && `, née ou né le ${formatDate(m.birthDate)}`}
                </span>
              </li>
            ))}
          </ul>
        </SummaryRow>
        <SummaryRow label="Signalée le">{formatDate(f.flaggedOn)}</SummaryRow>
        <SummaryRow label="Droits">{rightsSummary(f)}</SummaryRow>
      </dl>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-7">
          <Rights family={f} canWrite={canWrite} />
        </div>
        <div className="fr-col-12 fr-col-lg-5">
          <FollowingTeam family={f} canWrite={canWrite} />
        </div>
      </div>
      <Referrals family={f} canWrite={canWrite} />
    </>
  )
}

type RightRow = { item: Family['rights'][number]['item']; status: string; on: string; note: string }

/** The checklist: a status, a date and a note per right, saved together. */
function Rights({ family, canWrite }: { family: Family; canWrite: boolean }) {
  const update = useUpdateFamily(family.id)
  const form = useFormErrors()
  const [rows, setRows] = useState<RightRow[]>(() =>
    FAMILY_RIGHT.values.map((item) => {
      const current = family.rights.find((r) => r.item === item)
      return { item, status: current?.status ?? 'to_check', on: current?.on ?? '', note: current?.note ?? '' }
    }),
  )
  const set = (index: number, patch: Partial<RightRow>) =>
    setRows((list) => list.map((r, i) => (i === index ? { ...r, ...patch } : r)))
  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(
      () =>
        update.mutateAsync({
          rights: rows.map((r) => ({
            item: r.item,
            status: r.status as Family['rights'][number]['status'],
            on: r.on || null,
            note: r.note,
          })),
        }),
      'Droits enregistrés.',
    )
  }
  return (
    <section aria-labelledby="family-rights" className="fr-mb-4w">
      <h2 id="family-rights" className="fr-h4">
        Droits
      </h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert message={form.error} />
        <SuccessAlert message={form.done} />
        {rows.map((r, index) => (
          <fieldset key={r.item} className="fr-fieldset outreach-card fr-mb-2w">
            <legend className="fr-fieldset__legend fr-h6 fr-mb-0">{FAMILY_RIGHT.labels[r.item]}</legend>
            <div className="fr-fieldset__element">
              <div className="fr-grid-row fr-grid-row--gutters">
                <div className="fr-col-12 fr-col-md-6">
                  <OptionSelect
                    label="Statut"
                    empty={null}
                    disabled={!canWrite}
                    value={r.status}
                    onChange={(status) => set(index, { status })}
                    options={enumOptions(RIGHT_STATUS.labels)}
                    state={form.state(`rights.${index}.status`)}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-6">
                  <Input
                    label="Date (facultatif)"
                    disabled={!canWrite}
                    nativeInputProps={{
                      type: 'date',
                      value: r.on,
                      onChange: (e) => set(index, { on: e.target.value }),
                    }}
                    {...form.state(`rights.${index}.on`)}
                  />
                </div>
              </div>
              <Input
                label="Note (facultatif)"
                disabled={!canWrite}
                nativeInputProps={{ value: r.note, onChange: (e) => set(index, { note: e.target.value }) }}
                {...form.state(`rights.${index}.note`)}
              />
            </div>
          </fieldset>
        ))}
        {canWrite && (
          <Button type="submit" disabled={update.isPending}>
            Enregistrer les droits
          </Button>
        )}
      </form>
    </section>
  )
}

function FollowingTeam({ family, canWrite }: { family: Family; canWrite: boolean }) {
  const update = useUpdateFamily(family.id)
  const form = useFormErrors()
  const [teamId, setTeamId] = useState(family.teamId ?? '')
  const [note, setNote] = useState(family.note ?? '')
  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(() => update.mutateAsync({ teamId: teamId || null, note }), 'Suivi enregistré.')
  }
  const toggleFlag = () =>
    form.run(
      () => update.mutateAsync({ flagged: !family.flagged }),
      family.flagged ? 'Signalement levé : la famille reste consultable.' : 'Famille signalée à nouveau.',
    )
  return (
    <FormPanel id="family-team" title="Suivi" form={form} onSubmit={submit}>
      <TeamSelect
        hint="Celle de l’infirmière puéricultrice et des travailleurs sociaux qui suivent la famille."
        empty="Non précisée"
        disabled={!canWrite}
        value={teamId}
        onChange={setTeamId}
        state={form.state('teamId')}
      />
      <Input
        label="Note"
        disabled={!canWrite}
        textArea
        nativeTextAreaProps={{ rows: 3, value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      {canWrite && (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
          <li>
            <Button type="submit" disabled={update.isPending}>
              Enregistrer
            </Button>
          </li>
          <li>
            <Button type="button" priority="tertiary" onClick={toggleFlag} disabled={update.isPending}>
              {family.flagged ? 'Lever le signalement' : 'Signaler à nouveau'}
            </Button>
          </li>
        </ul>
      )}
    </FormPanel>
  )
}

function Referrals({ family, canWrite }: { family: Family; canWrite: boolean }) {
  return (
    <section aria-labelledby="family-referrals" className="fr-mb-4w">
      <h2 id="family-referrals" className="fr-h4">
        Orientations vers les partenaires
      </h2>
      {family.referrals.length === 0 && <p>Aucune orientation.</p>}
      <ul className="fr-raw-list">
        {family.referrals.map((r) => (
          <li key={r.id} className="outreach-card fr-mb-2w">
            <ReferralItem family={family} referral={r} canWrite={canWrite} />
          </li>
        ))}
      </ul>
      {canWrite && <AddReferral family={family} />}
    </section>
  )
}

function ReferralItem(props: { family: Family; referral: Family['referrals'][number]; canWrite: boolean }) {
  const r = props.referral
  const update = useUpdateReferral(props.family.id)
  const form = useFormErrors()
  const [outcome, setOutcome] = useState<string>(r.outcome)
  const [outcomeOn, setOutcomeOn] = useState(r.outcomeOn ?? '')
  const [note, setNote] = useState(r.note ?? '')
  async function submit(event: FormEvent) {
    event.preventDefault()
    await form.run(
      () =>
        update.mutateAsync({
          referralId: r.id,
          outcome: outcome as Family['referrals'][number]['outcome'],
          outcomeOn: outcomeOn || null,
          note,
        }),
      'Réponse enregistrée.',
    )
  }
  return (
    <>
      <h3 className="fr-h6 fr-mb-1v">{r.partnerServiceName}</h3>
      <p className="fr-text--sm fr-mb-1w">
        Orientée le {formatDate(r.referredOn)} — {PARTNER_ANSWER.labels[r.outcome]}
        {r.outcomeOn && ` le ${formatDate(r.outcomeOn)}`}
      </p>
      {props.canWrite && (
        <form onSubmit={submit} noValidate aria-label={`Réponse de ${r.partnerServiceName}`}>
          <ErrorAlert message={form.error} />
          <SuccessAlert message={form.done} />
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <div className="fr-col-12 fr-col-md-4">
              <OptionSelect
                label="Réponse"
                empty={null}
                value={outcome}
                onChange={setOutcome}
                options={enumOptions(PARTNER_ANSWER.labels)}
                state={form.state('outcome')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-3">
              <Input
                label="Le"
                nativeInputProps={{
                  type: 'date',
                  value: outcomeOn,
                  onChange: (e) => setOutcomeOn(e.target.value),
                }}
                {...form.state('outcomeOn')}
              />
            </div>
            <div className="fr-col-12 fr-col-md-5">
              <Input
                label="Note"
                nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
                {...form.state('note')}
              />
            </div>
          </div>
          <Button type="submit" size="small" priority="secondary" disabled={update.isPending}>
            Enregistrer la réponse
          </Button>
        </form>
      )}
    </>
  )
}

function AddReferral({ family }: { family: Family }) {
  const add = useAddReferral(family.id)
  const form = useFormErrors()
  const [service, setService] = useState<Picked | null>(null)
  // A new chooser after each referral: its search starts empty.
  const [round, setRound] = useState(0)
  const [referredOn, setReferredOn] = useState(todayInFrance)
  const [note, setNote] = useState('')
  async function submit(event: FormEvent) {
    event.preventDefault()
    const input = form.check(referralInputSchema, { partnerServiceId: service?.id, referredOn, note })
    const saved = input && (await form.run(() => add.mutateAsync(input), 'Orientation enregistrée.'))
    if (saved) {
      setService(null)
      setRound((n) => n + 1)
      setNote('')
    }
  }
  return (
    <FormPanel id="add-referral" title="Nouvelle orientation" level="h3" form={form} onSubmit={submit}>
      <ServiceChooser
        key={round}
        label="Service partenaire (PMI du département, service social…)"
        picked={service}
        onPick={setService}
        error={
          form.fields.partnerServiceId &&
          (service ? form.fields.partnerServiceId : 'Choisissez le service partenaire.')
        }
      />
      <Input
        label="Orientée le"
        nativeInputProps={{ type: 'date', value: referredOn, onChange: (e) => setReferredOn(e.target.value) }}
        {...form.state('referredOn')}
      />
      <Input
        label="Note (facultatif)"
        nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <Button type="submit" disabled={add.isPending}>
        Orienter la famille
      </Button>
    </FormPanel>
  )
}
