import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { type FormEvent, useState } from 'react'
import { CONTACT_CHANNEL, COUNT_DIMENSION } from '../../../shared/frontdesk.ts'
import { ApiError } from '../../lib/api-client.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useContactCounts, useReasons, useSites, useTeams } from './frontdesk-api.ts'

const thisYear = new Date().getFullYear()
const number = (n: number) => n.toLocaleString('fr-FR')

/** "How many passages at the social reception in 2017?": filters, one or two groupings, a table. */
export function ContactCountsPage() {
  usePageTitle('Fréquentation')
  const sites = useSites()
  const teams = useTeams()
  const reasons = useReasons()
  const [form, setForm] = useState({
    from: `${thisYear}-01-01`,
    to: `${thisYear}-12-31`,
    siteId: '',
    teamId: '',
    channel: '',
    reasonId: '',
    groupBy1: 'month',
    groupBy2: '',
  })
  const [query, setQuery] = useState<string>()
  const counts = useContactCounts(query ?? '', query !== undefined)
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const params = new URLSearchParams({ from: form.from, to: form.to })
    for (const field of ['siteId', 'teamId', 'channel', 'reasonId'] as const) {
      if (form[field]) params.set(field, form[field])
    }
    const groupBy = [form.groupBy1, form.groupBy2].filter(Boolean)
    if (groupBy.length) params.set('groupBy', [...new Set(groupBy)].join(','))
    setQuery(params.toString())
  }

  const fieldError = (path: string) => {
    const message =
      counts.error instanceof ApiError
        ? counts.error.problem.errors?.find((e) => e.path === path)?.message
        : undefined
    return message ? { state: 'error' as const, stateRelatedMessage: message } : {}
  }
  const groupHeaders = [form.groupBy1, form.groupBy2]
    .filter(Boolean)
    .map((d) => COUNT_DIMENSION.labels[d as keyof typeof COUNT_DIMENSION.labels])

  return (
    <>
      <h1>Fréquentation de l’accueil</h1>
      <p>
        Contacts enregistrés, anonymes compris. Un contact avec deux motifs compte une fois dans le total.
      </p>
      <form onSubmit={submit} className="fr-mb-4w">
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-6 fr-col-md-3">
            <Input
              label="Du"
              nativeInputProps={{ type: 'date', value: form.from, onChange: set('from') }}
              {...fieldError('from')}
            />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <Input
              label="Au"
              nativeInputProps={{ type: 'date', value: form.to, onChange: set('to') }}
              {...fieldError('to')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select label="Site" nativeSelectProps={{ value: form.siteId, onChange: set('siteId') }}>
              <option value="">Tous</option>
              {sites.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select label="Équipe" nativeSelectProps={{ value: form.teamId, onChange: set('teamId') }}>
              <option value="">Toutes</option>
              {teams.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select label="Canal" nativeSelectProps={{ value: form.channel, onChange: set('channel') }}>
              <option value="">Tous</option>
              {CONTACT_CHANNEL.values.map((c) => (
                <option key={c} value={c}>
                  {CONTACT_CHANNEL.labels[c]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select label="Motif" nativeSelectProps={{ value: form.reasonId, onChange: set('reasonId') }}>
              <option value="">Tous</option>
              {reasons.data?.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label="Regrouper par"
              nativeSelectProps={{ value: form.groupBy1, onChange: set('groupBy1') }}
            >
              <option value="">Aucun regroupement</option>
              {COUNT_DIMENSION.values.map((d) => (
                <option key={d} value={d}>
                  {COUNT_DIMENSION.labels[d]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select label="Puis par" nativeSelectProps={{ value: form.groupBy2, onChange: set('groupBy2') }}>
              <option value="">Aucun</option>
              {COUNT_DIMENSION.values.map((d) => (
                <option key={d} value={d}>
                  {COUNT_DIMENSION.labels[d]}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <Button className="fr-mt-2w" type="submit">
          Compter
        </Button>
      </form>
      {counts.error && (
        <ErrorAlert message={counts.error instanceof ApiError ? counts.error.problem.detail : 'Erreur.'} />
      )}
      {counts.data && (
        <>
          <p className="fr-text--lead" role="status">
            <strong>{number(counts.data.total)}</strong> contact{counts.data.total > 1 ? 's' : ''} sur la
            période
          </p>
          {form.groupBy1 === 'reason' || form.groupBy2 === 'reason' ? (
            <p className="fr-text--sm">
              Un contact peut avoir plusieurs motifs, ou aucun : la somme des lignes par motif peut différer
              du total.
            </p>
          ) : null}
          {counts.data.rows.length > 0 && (
            <Table
              caption="Contacts par regroupement"
              headers={[...groupHeaders, 'Contacts']}
              data={counts.data.rows.map((row) => [...row.labels, number(row.contacts)])}
              bordered
            />
          )}
        </>
      )}
    </>
  )
}
