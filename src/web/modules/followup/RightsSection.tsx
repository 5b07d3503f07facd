import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { RIGHT_STATUS, type Right, type RightStatus } from '../../../shared/rights.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePersonRights, useRightKinds, useSaveRight } from './api/rights.ts'

const SEVERITY: Partial<Record<RightStatus, 'success' | 'warning' | 'error' | 'info' | 'new'>> = {
  open: 'success',
  in_progress: 'info',
  eligible_not_claimed: 'new',
  refused: 'error',
  to_check: 'warning',
}

type Values = {
  holder: 'person' | 'household'
  kind: string
  status: RightStatus
  statusOn: string
  openUntil: string
  note: string
}

function RightLine({ right, holder }: { right: Right; holder: string }) {
  return (
    <li className="fr-py-1w" style={{ borderBottom: '1px solid var(--border-default-grey)' }}>
      <p className="fr-mb-0">
        <strong>{right.kindLabel}</strong>
        {holder && <span className="fr-text--sm"> ({holder})</span>}{' '}
        <Badge small noIcon severity={SEVERITY[right.status]}>
          {RIGHT_STATUS.labels[right.status]}
        </Badge>
      </p>
      <p className="fr-text--sm fr-mb-0">
        {right.statusOn && <>depuis le {formatDate(right.statusOn)}</>}
        {right.openUntil && <> · jusqu’au {formatDate(right.openUntil)}</>}
        {right.note && <> · {right.note}</>}
      </p>
    </li>
  )
}

/** The "Droits" section of a person's file: their rights and their household's, and a form to record one. */
export function RightsSection({ personId, canWrite }: { personId: string; canWrite: boolean }) {
  const rights = usePersonRights(personId)
  const kinds = useRightKinds()
  const save = useSaveRight(personId)
  const [editing, setEditing] = useState(false)
  const [error, setError] = useState<string>()
  const [message, setMessage] = useState<string>()
  const form = useForm<Values>({
    defaultValues: {
      holder: 'person',
      kind: 'css',
      status: 'to_check',
      statusOn: '',
      openUntil: '',
      note: '',
    },
  })
  const data = rights.data
  const errors = form.formState.errors
  const status = form.watch('status')
  const submit = form.handleSubmit(async (v) => {
    setError(undefined)
    setMessage(undefined)
    const holderId = v.holder === 'household' && data?.household ? data.household.id : personId
    try {
      await save.mutateAsync({
        holder: v.holder,
        holderId,
        kind: v.kind,
        input: {
          status: v.status,
          statusOn: v.statusOn || null,
          openUntil: v.status === 'open' ? v.openUntil || null : null,
          note: v.note || null,
        },
      })
      setEditing(false)
      setMessage('Droit enregistré.')
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })
  const all = [
    ...(data?.rights ?? []).map((r) => ({ right: r, holder: '' })),
    ...(data?.household?.rights ?? []).map((r) => ({ right: r, holder: 'foyer' })),
  ]
  return (
    <section aria-labelledby="section-droits" className="fr-mb-4w">
      <div className="fr-grid-row fr-grid-row--middle fr-mb-1w">
        <h2 id="section-droits" className="fr-h4 fr-mb-0 fr-col">
          Droits
        </h2>
        {canWrite && !editing && (
          <Button
            size="small"
            priority="secondary"
            iconId="fr-icon-add-line"
            onClick={() => setEditing(true)}
          >
            Mettre à jour un droit
          </Button>
        )}
      </div>
      <SuccessAlert message={message} />
      {rights.error && <ErrorAlert message={applyApiError(rights.error)} />}
      {data && all.length === 0 && <p className="fr-mb-0">Aucun droit enregistré.</p>}
      {all.length > 0 && (
        <ul className="fr-raw-list">
          {all.map(({ right, holder }) => (
            <RightLine key={right.id} right={right} holder={holder} />
          ))}
        </ul>
      )}
      {editing && (
        <form onSubmit={submit} noValidate aria-labelledby="right-form-title" className="fr-mt-3w">
          <h3 id="right-form-title" className="fr-h6">
            Mettre à jour un droit
          </h3>
          <ErrorAlert message={error} />
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-6">
              <Select
                label="Droit"
                state={errors.kind ? 'error' : 'default'}
                stateRelatedMessage={errors.kind?.message}
                nativeSelectProps={form.register('kind')}
              >
                {(kinds.data?.items ?? [])
                  .filter((k) => k.active)
                  .map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <Select label="Titulaire" nativeSelectProps={form.register('holder')}>
                <option value="person">La personne</option>
                {data?.household && <option value="household">Son foyer</option>}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Select
                label="Statut"
                state={errors.status ? 'error' : 'default'}
                stateRelatedMessage={errors.status?.message}
                nativeSelectProps={form.register('status')}
              >
                {RIGHT_STATUS.values.map((s) => (
                  <option key={s} value={s}>
                    {RIGHT_STATUS.labels[s]}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <Input
                label="Depuis le"
                hintText="Dépôt, décision, fermeture"
                state={errors.statusOn ? 'error' : 'default'}
                stateRelatedMessage={errors.statusOn?.message}
                nativeInputProps={{ type: 'date', ...form.register('statusOn') }}
              />
            </div>
            {status === 'open' && (
              <div className="fr-col-12 fr-col-md-4">
                <Input
                  label="Ouvert jusqu’au"
                  hintText="Date de fin ou de renouvellement"
                  state={errors.openUntil ? 'error' : 'default'}
                  stateRelatedMessage={errors.openUntil?.message}
                  nativeInputProps={{ type: 'date', ...form.register('openUntil') }}
                />
              </div>
            )}
          </div>
          <Input
            label="Note"
            textArea
            state={errors.note ? 'error' : 'default'}
            stateRelatedMessage={errors.note?.message}
            nativeTextAreaProps={form.register('note')}
          />
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" disabled={save.isPending}>
                Enregistrer
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" onClick={() => setEditing(false)}>
                Annuler
              </Button>
            </li>
          </ul>
        </form>
      )}
    </section>
  )
}
