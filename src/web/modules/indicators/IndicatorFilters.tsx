import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import type { IndicatorCatalogue, IndicatorEntry, IndicatorQuery } from '../../../shared/indicators.ts'
import type { useFormErrors } from '../../lib/use-form-errors.ts'

type Option = { id: string; label: string }

/** The filters an indicator takes, and only those: period, site, team, structure, type, excluded reason. */
export function IndicatorFilters({
  entry,
  options,
  value,
  onChange,
  form,
}: {
  entry: IndicatorEntry
  options: IndicatorCatalogue['options']
  value: IndicatorQuery
  onChange: (value: IndicatorQuery) => void
  form: ReturnType<typeof useFormErrors>
}) {
  const select = (
    label: string,
    key: 'siteId' | 'teamId' | 'structureId' | 'kind' | 'excludedReasonId',
    items: Option[],
    none: string,
  ) => (
    <div key={key} className="fr-col-12 fr-col-md-4">
      <Select
        label={label}
        nativeSelectProps={{
          value: value[key] ?? '',
          onChange: (e) => onChange({ ...value, [key]: e.target.value || undefined }),
        }}
        {...form.state(key)}
      >
        <option value="">{none}</option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.label}
          </option>
        ))}
      </Select>
    </div>
  )
  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      {(['from', 'to'] as const).map((key) => (
        <div key={key} className="fr-col-12 fr-col-md-4">
          <Input
            label={key === 'from' ? 'Du' : 'Au'}
            nativeInputProps={{
              type: 'date',
              value: value[key],
              onChange: (e) => onChange({ ...value, [key]: e.target.value }),
            }}
            {...form.state(key)}
          />
        </div>
      ))}
      {entry.filters.includes('site') && select('Site', 'siteId', options.sites, 'Tous les sites')}
      {entry.filters.includes('team') && select('Équipe', 'teamId', options.teams, 'Toutes les équipes')}
      {entry.filters.includes('structure') &&
        select('Structure', 'structureId', options.structures, 'Toutes les structures')}
      {entry.filters.includes('kind') &&
        select(
          'Type',
          'kind',
          entry.kinds.map((k) => ({ id: k.value, label: k.label })),
          'Tous les types',
        )}
      {entry.filters.includes('excludedReason') &&
        select('Motif exclu', 'excludedReasonId', options.reasons, 'Aucun motif exclu')}
    </div>
  )
}
