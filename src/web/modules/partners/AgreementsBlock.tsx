import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import {
  type Agreement,
  agreementInputSchema,
  type Structure,
} from '../../../shared/accommodation-structures.ts'
import { get, post, put } from '../../lib/api-client.ts'
import { formatDate } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'

/** What an agreement may bind besides a structure: a module of Trame. */
const MODULES: Record<string, string> = {
  accommodation: 'Hébergement',
  frontdesk: 'Accueil',
  followup: 'Accompagnement social',
  aid: 'Aides facultatives',
  domiciliation: 'Domiciliation',
  outreach: 'Maraude',
}

const empty = {
  subject: '',
  module: '',
  structureId: '',
  startsOn: '',
  endsOn: '',
  renewalReminderDays: '60',
  note: '',
}

function AgreementForm(props: {
  partnerId: string
  partnerName: string
  agreement?: Agreement
  /** Closes the form: `saved` when the agreement was written. */
  onDone: (saved: boolean) => void
}) {
  const queryClient = useQueryClient()
  const form = useFormErrors()
  const structures = useQuery({
    queryKey: ['accommodation-structures'],
    queryFn: () => get<{ items: Structure[] }>('/api/accommodation-structures'),
    retry: false,
  })
  const a = props.agreement
  const [values, setValues] = useState(
    a
      ? {
          subject: a.subject,
          module: a.module ?? '',
          structureId: a.structureId ?? '',
          startsOn: a.startsOn,
          endsOn: a.endsOn ?? '',
          renewalReminderDays: a.renewalReminderDays === null ? '' : String(a.renewalReminderDays),
          note: a.note ?? '',
        }
      : empty,
  )
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const body = form.check(agreementInputSchema, {
      ...values,
      partnerId: props.partnerId,
      module: values.module || null,
      structureId: values.structureId || null,
      endsOn: values.endsOn || null,
      renewalReminderDays: values.renewalReminderDays || null,
      note: values.note || null,
    })
    if (!body) return
    const done = await form.run(async () => {
      if (a) await put(`/api/partner-agreements/${a.id}`, body)
      else await post('/api/partner-agreements', body)
      await queryClient.invalidateQueries({ queryKey: ['partner-agreements'] })
      return true
    })
    if (done) props.onDone(true)
  }
  const title = a
    ? `Modifier la convention « ${a.subject} »`
    : `Ajouter une convention avec ${props.partnerName}`
  return (
    <form onSubmit={submit} noValidate aria-label={title} className="fr-my-2w">
      <h4 className="fr-h6">{title}</h4>
      <ErrorAlert message={form.error} />
      <Input
        label="Objet"
        {...form.state('subject')}
        nativeInputProps={{ value: values.subject, onChange: set('subject') }}
      />
      <Select
        label="Module concerné"
        {...form.state('module')}
        nativeSelectProps={{ value: values.module, onChange: set('module') }}
      >
        <option value="">Aucun en particulier</option>
        {Object.entries(MODULES).map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </Select>
      {structures.data && structures.data.items.length > 0 && (
        <Select
          label="Structure d’hébergement concernée"
          {...form.state('structureId')}
          nativeSelectProps={{ value: values.structureId, onChange: set('structureId') }}
        >
          <option value="">Aucune</option>
          {structures.data.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      )}
      <Input
        label="Début"
        {...form.state('startsOn')}
        nativeInputProps={{ type: 'date', value: values.startsOn, onChange: set('startsOn') }}
      />
      <Input
        label="Fin"
        {...form.state('endsOn')}
        nativeInputProps={{ type: 'date', value: values.endsOn, onChange: set('endsOn') }}
      />
      <Input
        label="Rappel de renouvellement (jours avant la fin)"
        hintText="Sans valeur : 60 jours. La convention apparaît alors dans les tâches de l’accueil de Trame."
        {...form.state('renewalReminderDays')}
        nativeInputProps={{
          type: 'number',
          min: 0,
          max: 730,
          value: values.renewalReminderDays,
          onChange: set('renewalReminderDays'),
        }}
      />
      <Input
        label="Note"
        textArea
        {...form.state('note')}
        nativeTextAreaProps={{ value: values.note, onChange: set('note') }}
      />
      <Button type="submit" className="fr-mr-2w">
        Enregistrer la convention
      </Button>
      <Button type="button" priority="secondary" onClick={() => props.onDone(false)}>
        Annuler
      </Button>
    </form>
  )
}

/** The partner's agreements (conventions) on its section of the directory. */
export function AgreementsBlock(props: { partnerId: string; partnerName: string; canManage: boolean }) {
  const agreements = useQuery({
    queryKey: ['partner-agreements', 'partner', props.partnerId],
    queryFn: () => get<{ items: Agreement[] }>(`/api/partner-agreements?partnerId=${props.partnerId}`),
  })
  const [editing, setEditing] = useState<Agreement | 'new'>()
  const [saved, setSaved] = useState<string>()
  const items = agreements.data?.items ?? []
  const period = (a: Agreement) =>
    a.endsOn
      ? `du ${formatDate(a.startsOn)} au ${formatDate(a.endsOn)}`
      : `depuis le ${formatDate(a.startsOn)}`
  return (
    <div className="fr-mt-2w">
      <h3 className="fr-h6">Conventions</h3>
      <SuccessAlert message={saved} />
      {items.length === 0 ? (
        <p className="fr-text--sm">Aucune convention enregistrée.</p>
      ) : (
        <ul className="fr-text--sm">
          {items.map((a) => (
            <li key={a.id}>
              <strong>{a.subject}</strong>, {period(a)}
              {a.structureName
                ? ` — ${a.structureName}`
                : a.module
                  ? ` — ${MODULES[a.module] ?? a.module}`
                  : ''}
              {a.toRenewSoon && <strong> — à renouveler (avant le {formatDate(a.endsOn ?? '')})</strong>}
              {props.canManage && !editing && (
                <Button
                  size="small"
                  priority="tertiary no outline"
                  className="fr-ml-1w"
                  onClick={() => setEditing(a)}
                >
                  Modifier<span className="fr-sr-only"> la convention {a.subject}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.canManage && !editing && (
        <Button size="small" priority="secondary" onClick={() => setEditing('new')}>
          Ajouter une convention<span className="fr-sr-only"> avec {props.partnerName}</span>
        </Button>
      )}
      {editing && (
        <AgreementForm
          key={editing === 'new' ? 'new' : editing.id}
          partnerId={props.partnerId}
          partnerName={props.partnerName}
          agreement={editing === 'new' ? undefined : editing}
          onDone={(wasSaved) => {
            setEditing(undefined)
            setSaved(wasSaved ? 'Convention enregistrée.' : undefined)
          }}
        />
      )}
    </div>
  )
}
