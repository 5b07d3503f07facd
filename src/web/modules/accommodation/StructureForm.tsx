import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { STRUCTURE_KIND, STRUCTURE_KIND_DEFAULTS, type StructureKind } from '../../../shared/accommodation.ts'
import {
  type Structure,
  type StructureDetail,
  structureInputSchema,
} from '../../../shared/accommodation-structures.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { send, useAccommodationChange } from './structures-api.ts'

/** Creates a structure, or changes one: a new one takes its kind's defaults (LHSS: 2 months, medical opinion). */
export function StructureForm({
  structure,
  onSaved,
}: {
  structure?: Structure
  onSaved?: (saved: StructureDetail) => void
}) {
  const form = useFormErrors()
  const [kind, setKind] = useState<StructureKind>(structure?.kind ?? 'chrs_reintegration')
  const [values, setValues] = useState({
    name: structure?.name ?? '',
    capacity: String(structure?.capacity ?? ''),
    openedOn: structure?.openedOn ?? '',
    closedOn: structure?.closedOn ?? '',
    address: structure?.address ?? '',
    postalCode: structure?.postalCode ?? '',
    city: structure?.city ?? '',
    hostName: structure?.hostName ?? '',
    defaultStayMonths: structure?.defaultStayMonths ? String(structure.defaultStayMonths) : '',
  })
  const defaults = STRUCTURE_KIND_DEFAULTS[kind]
  const [medical, setMedical] = useState(structure?.requiresMedicalOpinion ?? defaults.requiresMedicalOpinion)
  const [validation, setValidation] = useState(
    structure?.requiresDirectorValidation ?? defaults.requiresDirectorValidation,
  )
  const save = useAccommodationChange((body: unknown) =>
    structure
      ? send<StructureDetail>('PUT', `/api/accommodation-structures/${structure.id}`, body)
      : send<StructureDetail>('POST', '/api/accommodation-structures', body),
  )
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }))

  function chooseKind(next: StructureKind) {
    setKind(next)
    if (structure) return
    setMedical(STRUCTURE_KIND_DEFAULTS[next].requiresMedicalOpinion)
    setValidation(STRUCTURE_KIND_DEFAULTS[next].requiresDirectorValidation)
    const months = STRUCTURE_KIND_DEFAULTS[next].defaultStayMonths
    setValues((v) => ({ ...v, defaultStayMonths: months ? String(months) : '' }))
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const body = form.check(structureInputSchema, {
      kind,
      ...values,
      closedOn: values.closedOn || null,
      defaultStayMonths: values.defaultStayMonths || null,
      requiresMedicalOpinion: medical,
      requiresDirectorValidation: validation,
    })
    if (!body) return
    const saved = await form.run(
      () => save.mutateAsync(body),
      structure ? 'Structure enregistrée.' : undefined,
    )
    if (saved) onSaved?.(saved)
  }

  const field = (key: keyof typeof values, label: string, type = 'text', hint?: string) => (
    <Input
      label={label}
      hintText={hint}
      {...form.state(key)}
      nativeInputProps={{ type, value: values[key], onChange: set(key) }}
    />
  )

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={structure ? 'Modifier la structure' : 'Nouvelle structure'}
    >
      <h2 className="fr-h4">{structure ? 'Modifier la structure' : 'Nouvelle structure'}</h2>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <Select
        label="Type de structure"
        {...form.state('kind')}
        nativeSelectProps={{ value: kind, onChange: (e) => chooseKind(e.target.value as StructureKind) }}
      >
        {STRUCTURE_KIND.values.map((value) => (
          <option key={value} value={value}>
            {STRUCTURE_KIND.labels[value]}
          </option>
        ))}
      </Select>
      {field('name', 'Nom')}
      {field('capacity', 'Capacité (places)', 'number')}
      {field('openedOn', 'Ouverte le', 'date')}
      {field('closedOn', 'Fermée le (laisser vide si elle fonctionne)', 'date')}
      {field('address', 'Adresse')}
      {field('postalCode', 'Code postal')}
      {field('city', 'Commune')}
      {field('hostName', 'Personnel sur place (hôte, veilleur…)')}
      {field(
        'defaultStayMonths',
        'Durée de séjour prévue (mois)',
        'number',
        'Vide : séjours sans durée prévue.',
      )}
      <Checkbox
        legend="Admission"
        options={[
          {
            label: 'Avis médical requis',
            nativeInputProps: { checked: medical, onChange: (e) => setMedical(e.target.checked) },
          },
          {
            label: 'Validation de la direction requise',
            nativeInputProps: { checked: validation, onChange: (e) => setValidation(e.target.checked) },
          },
        ]}
      />
      <Button type="submit" disabled={save.isPending}>
        {structure ? 'Enregistrer la structure' : 'Créer la structure'}
      </Button>
    </form>
  )
}
