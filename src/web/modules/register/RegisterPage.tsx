import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useRef, useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useSearchParams } from 'react-router'
import type { z } from 'zod'
import { personDisplayName } from '../../../shared/people.ts'
import {
  REFERRAL_TEXT,
  REGISTER_GROUND,
  REGISTER_REQUESTED_BY,
  REGISTER_STATUS,
  type Referral,
  type RegisterEntry,
  registerEntryInputSchema,
} from '../../../shared/register.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { actionError } from './api/error-message.ts'
import {
  useCreateEntry,
  useEntryAction,
  usePersonSearch,
  useRegisterCounts,
  useRegisterEntries,
} from './api/register.ts'
import { ConfidentialityNotice } from './ConfidentialityNotice.tsx'
import { ReferralsSection } from './ReferralsSection.tsx'

/** The register: who is on it, new registrations, third parties' requests awaiting the person. */
export function RegisterPage() {
  usePageTitle('Registre des personnes vulnérables')
  const { data: me } = useMe()
  // The weekly reminder e-mail links here with `?revisions=1`: the reviews to do.
  const [searchParams] = useSearchParams()
  const [reviewDue, setReviewDue] = useState(searchParams.get('revisions') === '1')
  const entries = useRegisterEntries(reviewDue)
  const counts = useRegisterCounts()
  const action = useEntryAction()
  const [error, setError] = useState<string>()
  const [creating, setCreating] = useState(false)
  const [referral, setReferral] = useState<Referral>()
  const [search, setSearch] = useState('')
  // The whole register is read at once (a few hundred people): the search narrows what is shown.
  const wanted = foldName(search)
  const shown = entries.data?.items.filter((e) => !wanted || foldName(e.personName).includes(wanted))

  const act = async (entry: RegisterEntry, kind: 'confirm' | 'objection' | 'review' | 'delete') => {
    setError(undefined)
    try {
      await action.mutateAsync({ id: entry.id, action: kind })
    } catch (caught) {
      setError(actionError(caught))
    }
  }

  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <h1 className="fr-col fr-mb-0">Registre des personnes vulnérables</h1>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
          <li>
            <Button priority="secondary" linkProps={{ to: '/registre/plans' }}>
              Plans d’alerte
            </Button>
          </li>
          {hasPermission(me, 'register.alert') && (
            <li>
              <Button
                priority="tertiary"
                linkProps={serverLinkProps('/api/register/export.csv', { download: true })}
              >
                Export pour le préfet (CSV)
              </Button>
            </li>
          )}
        </ul>
      </div>
      <ConfidentialityNotice />
      {counts.data && (
        <p>
          <strong>{counts.data.current}</strong> personne{counts.data.current > 1 ? 's' : ''} inscrite
          {counts.data.current > 1 ? 's' : ''}
          {counts.data.months.length > 1 &&
            ` (${counts.data.months[0]!.registered} fin ${counts.data.months[0]!.month})`}
        </p>
      )}
      <ReferralsSection
        onRegister={(chosen) => {
          setReferral(chosen)
          setCreating(true)
        }}
      />
      <ErrorAlert message={error ?? (entries.error ? applyApiError(entries.error) : undefined)} />
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        <li>
          <Button
            onClick={() => {
              setReferral(undefined)
              setCreating(!creating || referral !== undefined)
            }}
            aria-expanded={creating && referral === undefined}
          >
            Inscrire une personne
          </Button>
        </li>
        <li>
          <Button
            priority={reviewDue ? 'primary' : 'secondary'}
            aria-pressed={reviewDue}
            onClick={() => setReviewDue(!reviewDue)}
          >
            Révisions annuelles à faire
          </Button>
        </li>
      </ul>
      {creating && (
        <EntryForm
          key={referral?.id ?? 'new'}
          referral={referral}
          onDone={() => {
            setCreating(false)
            setReferral(undefined)
          }}
        />
      )}
      {entries.data && entries.data.items.length > 0 && (
        <Input
          label="Rechercher un inscrit"
          hintText="Nom ou prénom, sans se soucier des accents"
          className="fr-mt-2w"
          nativeInputProps={{
            type: 'search',
            value: search,
            onChange: (event) => setSearch(event.target.value),
          }}
        />
      )}
      {shown && (
        <Table
          caption="Inscrits"
          className="fr-table--no-caption"
          headers={['Personne', 'Statut', 'Motif', 'Téléphone', 'Révision', 'Actions']}
          data={shown.map((e) => [
            <span key="name">
              <Link to={`/personnes/${e.personId}`}>
                <strong>{e.personName}</strong>
              </Link>
              {e.livesAlone && <span className="fr-text--xs"> · vit seul·e</span>}
              {e.powerMedicalDevices && <span className="fr-text--xs"> · appareils électriques</span>}
            </span>,
            <Badge key="status" small severity={e.status === 'registered' ? 'success' : 'warning'}>
              {REGISTER_STATUS.labels[e.status]}
            </Badge>,
            REGISTER_GROUND.labels[e.ground],
            e.restricted ? 'Réservé à l’équipe du dossier' : (e.phone ?? '—'),
            formatDate(e.reviewDue),
            <ul key="actions" className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
              {e.requestedBy === 'third_party' && (
                <li>
                  <a
                    className="fr-link fr-text--sm"
                    href={`/api/register/entries/${e.id}/acknowledgement.pdf`}
                    download
                  >
                    Courrier à la personne
                  </a>
                </li>
              )}
              {e.status === 'awaiting_confirmation' ? (
                <>
                  <li>
                    <Button size="small" onClick={() => act(e, 'confirm')}>
                      Confirmer
                    </Button>
                  </li>
                  <li>
                    <Button size="small" priority="secondary" onClick={() => act(e, 'objection')}>
                      Opposition
                    </Button>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <Button size="small" priority="secondary" onClick={() => act(e, 'review')}>
                      Révision faite
                    </Button>
                  </li>
                  <li>
                    <Button
                      size="small"
                      priority="tertiary"
                      onClick={() =>
                        window.confirm('Radier cette personne ? Son inscription sera supprimée.') &&
                        act(e, 'delete')
                      }
                    >
                      Radier
                    </Button>
                  </li>
                </>
              )}
            </ul>,
          ])}
        />
      )}
      {entries.data?.items.length === 0 && <p>Aucune inscription.</p>}
      {shown?.length === 0 && entries.data && entries.data.items.length > 0 && (
        <p>Aucun inscrit ne correspond à « {search} ».</p>
      )}
      <p className="fr-text--sm">
        <Link to="/personnes">Rechercher une personne</Link> pour ouvrir son dossier avant de l’inscrire.
      </p>
    </>
  )
}

type Values = z.input<typeof registerEntryInputSchema>

function EntryForm({ onDone, referral }: { onDone: () => void; referral?: Referral }) {
  const [q, setQ] = useState('')
  const search = usePersonSearch(q)
  const create = useCreateEntry()
  const [error, setError] = useState<string>()
  const [saved, setSaved] = useState<string>()
  const form = useForm<Values>({
    resolver: zodResolver(registerEntryInputSchema),
    // From a network referral: a third party's written request, answered by this entry.
    defaultValues: referral
      ? {
          ground: 'age_65',
          requestedBy: 'third_party',
          requesterName: REFERRAL_TEXT.requester,
          referralId: referral.id,
          livesAtHome: true,
          livesAlone: false,
        }
      : { ground: 'age_65', requestedBy: 'self', livesAtHome: true, livesAlone: false },
  })
  const title = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (referral) title.current?.focus()
  }, [referral])
  const personId = form.watch('personId')
  const requestedBy = form.watch('requestedBy')
  const ground = form.watch('ground')
  const errors = form.formState.errors

  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    try {
      const entry = await create.mutateAsync(values)
      setSaved(`${entry.personName} : ${REGISTER_STATUS.labels[entry.status].toLowerCase()}.`)
      form.reset()
      onDone()
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })

  return (
    <form onSubmit={submit} noValidate className="fr-mb-4w">
      <h2 className="fr-h4" ref={title} tabIndex={-1}>
        {referral ? REFERRAL_TEXT.formTitle : 'Nouvelle inscription'}
      </h2>
      {referral && (
        <div className="fr-callout fr-mb-3w">
          <h3 className="fr-callout__title fr-text--md">{REFERRAL_TEXT.context}</h3>
          <p className="fr-callout__text fr-text--md">{referral.about}</p>
          {referral.location && (
            <p className="fr-text--sm fr-mb-1w">
              {REFERRAL_TEXT.location} : {referral.location}
            </p>
          )}
          <p className="fr-text--sm fr-mb-0">{REFERRAL_TEXT.thirdParty}</p>
        </div>
      )}
      <ErrorAlert message={error} />
      <SuccessAlert message={saved} />
      <Input
        label="Personne (nom, prénom ou n° de dossier)"
        state={errors.personId ? 'error' : 'default'}
        stateRelatedMessage={errors.personId?.message}
        nativeInputProps={{ value: q, onChange: (e) => setQ(e.target.value), autoComplete: 'off' }}
      />
      {search.data && (
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-text--regular">Choisissez la personne</legend>
          {search.data.items.slice(0, 8).map((p) => (
            <div key={p.id} className="fr-fieldset__element">
              <div className="fr-radio-group">
                <input
                  type="radio"
                  id={`person-${p.id}`}
                  value={p.id}
                  checked={personId === p.id}
                  onChange={() => {
                    form.setValue('personId', p.id)
                    if (p.phone && !form.getValues('phone')) form.setValue('phone', p.phone)
                  }}
                />
                <label className="fr-label" htmlFor={`person-${p.id}`}>
                  {personDisplayName(p)} {p.birthDate ? `— né·e le ${formatDate(p.birthDate)}` : ''}
                </label>
              </div>
            </div>
          ))}
          {search.data.items.length === 0 && <p>Aucun dossier trouvé.</p>}
        </fieldset>
      )}
      <Select
        label="Motif d’inscription"
        state={errors.ground ? 'error' : 'default'}
        stateRelatedMessage={errors.ground?.message}
        nativeSelectProps={form.register('ground')}
      >
        {REGISTER_GROUND.values.map((v) => (
          <option key={v} value={v}>
            {REGISTER_GROUND.labels[v]}
          </option>
        ))}
      </Select>
      {ground === 'disabled_adult' && (
        <Select
          label="Reconnaissance du handicap"
          state={errors.disabilityProof ? 'error' : 'default'}
          stateRelatedMessage={errors.disabilityProof?.message}
          nativeSelectProps={form.register('disabilityProof', { setValueAs: (v) => v || null })}
        >
          <option value="">—</option>
          <option value="aah">AAH</option>
          <option value="pch">PCH</option>
          <option value="invalidity_card">Carte d’invalidité</option>
          <option value="invalidity_pension">Pension d’invalidité</option>
          <option value="other">Autre</option>
        </Select>
      )}
      <Select label="Demande faite par" nativeSelectProps={form.register('requestedBy')}>
        {REGISTER_REQUESTED_BY.values.map((v) => (
          <option key={v} value={v}>
            {REGISTER_REQUESTED_BY.labels[v]}
          </option>
        ))}
      </Select>
      {requestedBy !== 'self' && (
        <TextField
          label="Nom du demandeur"
          hint="La demande d’un tiers est écrite ; la personne reçoit un courrier et peut s’y opposer."
          error={errors.requesterName}
          inputProps={form.register('requesterName')}
        />
      )}
      <TextField label="Téléphone" error={errors.phone} inputProps={form.register('phone')} />
      <TextField label="Adresse" error={errors.address} inputProps={form.register('address')} />
      <TextField
        label="Meilleurs moments pour appeler"
        error={errors.bestCallTimes}
        inputProps={form.register('bestCallTimes')}
      />
      <Checkbox
        options={[
          { label: 'Vit seul·e', nativeInputProps: form.register('livesAlone') },
          {
            label: 'Appareils médicaux nécessitant l’électricité',
            hintText: 'Oui ou non, sans diagnostic.',
            nativeInputProps: form.register('powerMedicalDevices'),
          },
        ]}
      />
      <Button type="submit" disabled={create.isPending}>
        Inscrire
      </Button>
    </form>
  )
}

/** Lower case, without accents: « Hélène » is found by « helene ». */
const foldName = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim()
