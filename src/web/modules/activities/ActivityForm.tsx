import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { z } from 'zod'
import {
  ACTIVITY_AUDIENCE,
  ACTIVITY_PLACE,
  type Activity,
  activityInputSchema,
} from '../../../shared/activities.ts'
import type { teamListSchema } from '../../../shared/organisation.ts'
import type { partnerListSchema } from '../../../shared/partners.ts'
import { api, get } from '../../lib/api-client.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { useActivitiesChange, useActivityKinds } from './activities-api.ts'

const useTeams = () =>
  useQuery({
    queryKey: ['activities', 'teams'],
    queryFn: async () =>
      (await get<z.infer<typeof teamListSchema>>('/api/teams')).items.filter((t) => t.active),
    staleTime: 5 * 60_000,
  })
const usePartners = () =>
  useQuery({
    queryKey: ['activities', 'partners'],
    queryFn: async () => (await get<z.infer<typeof partnerListSchema>>('/api/partners?q=')).items,
    staleTime: 5 * 60_000,
  })

/** A new activity (`activity` absent) or one changed: kind, team, audience, place, partners. */
export function ActivityForm({
  activity,
  onSaved,
  onCancel,
}: {
  activity?: Activity
  onSaved: (saved: Activity) => void
  onCancel?: () => void
}) {
  const kinds = useActivityKinds().data ?? []
  const teams = useTeams().data ?? []
  const partners = usePartners().data ?? []
  const form = useFormErrors()
  const save = useActivitiesChange((input: object) =>
    activity
      ? api<Activity>('PUT', `/api/activities/${activity.id}`, input)
      : api<Activity>('POST', '/api/activities', input),
  )
  const [values, setValues] = useState({
    kindId: activity?.kindId ?? '',
    title: activity?.title ?? '',
    teamId: activity?.teamId ?? '',
    audience: activity?.audience ?? 'seniors',
    placeKind: activity?.placeKind ?? 'care_home',
    placeLabel: activity?.placeLabel ?? '',
    placeAddress: activity?.placeAddress ?? '',
    description: activity?.description ?? '',
    partnerIds: activity?.partners.map((p) => p.id) ?? ([] as string[]),
  })
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues({ ...values, [key]: e.target.value })
  const submit = async () => {
    const payload = form.check(activityInputSchema, {
      ...values,
      teamId: values.teamId || null,
      archived: activity?.archived ?? false,
    })
    if (!payload) return
    const saved = await form.run(() => save.mutateAsync(payload))
    if (saved) onSaved(saved)
  }
  return (
    <form
      className="fr-my-4w"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h2>{activity ? 'Modifier l’activité' : 'Nouvelle activité'}</h2>
      <ErrorAlert message={form.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Nom de l’activité"
            nativeInputProps={{ value: values.title, onChange: set('title') }}
            {...form.state('title')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Type d’activité"
            nativeSelectProps={{ value: values.kindId, onChange: set('kindId') }}
            {...form.state('kindId')}
          >
            <option value="">Choisir un type</option>
            {kinds
              .filter((k) => k.active || k.id === values.kindId)
              .map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Public de l’activité"
            nativeSelectProps={{ value: values.audience, onChange: set('audience') }}
            {...form.state('audience')}
          >
            {ACTIVITY_AUDIENCE.values.map((v) => (
              <option key={v} value={v}>
                {ACTIVITY_AUDIENCE.labels[v]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Équipe"
            nativeSelectProps={{ value: values.teamId, onChange: set('teamId') }}
            {...form.state('teamId')}
          >
            <option value="">Aucune équipe</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Type de lieu"
            nativeSelectProps={{ value: values.placeKind, onChange: set('placeKind') }}
            {...form.state('placeKind')}
          >
            {ACTIVITY_PLACE.values.map((v) => (
              <option key={v} value={v}>
                {ACTIVITY_PLACE.labels[v]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Lieu (nom)"
            hintText="Par exemple : EHPAD Les Tilleuls, club du Moulin"
            nativeInputProps={{ value: values.placeLabel, onChange: set('placeLabel') }}
            {...form.state('placeLabel')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Adresse du lieu"
            nativeInputProps={{ value: values.placeAddress, onChange: set('placeAddress') }}
            {...form.state('placeAddress')}
          />
        </div>
        <div className="fr-col-12">
          <Input
            label="Description"
            textArea
            nativeTextAreaProps={{ value: values.description, onChange: set('description'), rows: 3 }}
            {...form.state('description')}
          />
        </div>
      </div>
      {partners.length > 0 && (
        <Checkbox
          legend="Partenaires associés"
          orientation="horizontal"
          {...form.state('partnerIds')}
          options={partners.map((p) => ({
            label: p.name,
            nativeInputProps: {
              checked: values.partnerIds.includes(p.id),
              onChange: (e) =>
                setValues({
                  ...values,
                  partnerIds: e.target.checked
                    ? [...values.partnerIds, p.id]
                    : values.partnerIds.filter((id) => id !== p.id),
                }),
            },
          }))}
        />
      )}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit" disabled={save.isPending}>
            {activity ? 'Enregistrer l’activité' : 'Créer l’activité'}
          </Button>
        </li>
        {onCancel && (
          <li>
            <Button type="button" priority="secondary" onClick={onCancel}>
              Annuler
            </Button>
          </li>
        )}
      </ul>
    </form>
  )
}
