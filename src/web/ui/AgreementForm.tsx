import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import {
  AGREEMENT_MODULE_LABELS,
  type Agreement,
  agreementInputSchema,
  type Structure,
} from '../../shared/accommodation-structures.ts'
import { get, post, put } from '../lib/api-client.ts'
import { useFormErrors } from '../lib/use-form-errors.ts'
import { ErrorAlert } from './ErrorAlert.tsx'

/**
 * Adds or corrects an agreement (convention) with a partner. The one form of both places that hold
 * agreements: a partner's section of the directory (the partner fixed, the structure or module chosen)
 * and a structure's page (the structure fixed, the partner chosen).
 */
export function AgreementForm(props: {
  /** Fixed partner; without it, the form asks which one. */
  partner?: { id: string; name: string }
  /** Fixed accommodation structure; without it, the form offers the module and the structures. */
  structureId?: string
  agreement?: Agreement
  /** Called once the agreement was written (`true`) or the form was cancelled (`false`). */
  onDone: (saved: boolean) => void
  /** Without it, the form has no « Annuler » (it stays on its page). */
  cancellable?: boolean
  /** The title's level under the section holding the form. */
  headingLevel: 3 | 4
}) {
  const queryClient = useQueryClient()
  const form = useFormErrors()
  const a = props.agreement
  const fixedStructure = props.structureId !== undefined
  const partners = useQuery({
    queryKey: ['partners', 'agreement-choices'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/api/partners?pageSize=200'),
    enabled: !props.partner,
  })
  const structures = useQuery({
    queryKey: ['accommodation-structures'],
    queryFn: () => get<{ items: Structure[] }>('/api/accommodation-structures'),
    enabled: !fixedStructure,
    retry: false,
  })
  const blank = {
    partnerId: props.partner?.id ?? '',
    subject: '',
    module: fixedStructure ? 'accommodation' : '',
    structureId: props.structureId ?? '',
    startsOn: '',
    endsOn: '',
    renewalReminderDays: '60',
    note: '',
  }
  const [values, setValues] = useState(
    a
      ? {
          partnerId: a.partnerId,
          subject: a.subject,
          module: a.module ?? '',
          structureId: a.structureId ?? '',
          startsOn: a.startsOn,
          endsOn: a.endsOn ?? '',
          renewalReminderDays: a.renewalReminderDays === null ? '' : String(a.renewalReminderDays),
          note: a.note ?? '',
        }
      : blank,
  )
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const body = form.check(agreementInputSchema, {
      ...values,
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
      // The directory's lists and the structures' pages both show agreements.
      await queryClient.invalidateQueries({ queryKey: ['partner-agreements'] })
      await queryClient.invalidateQueries({ queryKey: ['accommodation-structures'] })
      return true
    })
    if (!done) return
    if (!a) setValues(blank)
    props.onDone(true)
  }
  const title = a
    ? `Modifier la convention « ${a.subject} »`
    : props.partner
      ? `Ajouter une convention avec ${props.partner.name}`
      : 'Ajouter une convention'
  const Heading = props.headingLevel === 3 ? 'h3' : 'h4'
  return (
    <form onSubmit={submit} noValidate aria-label={title} className="fr-my-2w">
      <Heading className="fr-h6">{title}</Heading>
      <ErrorAlert message={form.error} />
      {!props.partner && (
        <Select
          label="Partenaire"
          {...form.state('partnerId')}
          nativeSelectProps={{ value: values.partnerId, onChange: set('partnerId') }}
        >
          <option value="">Choisir…</option>
          {(partners.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      )}
      <Input
        label="Objet de la convention"
        {...form.state('subject')}
        nativeInputProps={{ value: values.subject, onChange: set('subject') }}
      />
      {!fixedStructure && (
        <Select
          label="Module concerné"
          {...form.state('module')}
          nativeSelectProps={{ value: values.module, onChange: set('module') }}
        >
          <option value="">Aucun en particulier</option>
          {Object.entries(AGREEMENT_MODULE_LABELS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </Select>
      )}
      {!fixedStructure && structures.data && structures.data.items.length > 0 && (
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
      {props.cancellable && (
        <Button type="button" priority="secondary" onClick={() => props.onDone(false)}>
          Annuler
        </Button>
      )}
    </form>
  )
}
