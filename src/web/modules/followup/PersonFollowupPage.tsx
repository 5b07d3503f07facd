import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { SUPPORT_DOMAIN, SUPPORT_STATUS, type SupportDomain } from '../../../shared/followup.ts'
import { formatDate } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { personRecordsQuery, useFollowupTeams, useOpenRecord, useSupportTypes } from './api/followup.ts'

/**
 * /accompagnement/personnes/:personId — a person's support records, and opening one (from the file,
 * from a front-desk contact `?contact=`, from outreach). One running record per type: the form says so.
 * /accompagnement/foyers/:householdId — the same for a household (a family with incomplete rights).
 */
export function PersonFollowupPage() {
  const { personId, householdId } = useParams()
  const subjectRef: Subject = householdId ? { householdId } : { personId: personId ?? '' }
  const [search] = useSearchParams()
  const fromContact = search.has('contact')
  const [page, setPage] = useState(1)
  const { data: me } = useMe()
  const records = useQuery(personRecordsQuery(subjectRef, page))
  const subject = records.data?.items[0]?.subjectName
  usePageTitle(subject ? `Accompagnement — ${subject}` : 'Accompagnement')
  const canWrite = hasPermission(me, 'followup.write')

  return (
    <>
      <Breadcrumb
        currentPageLabel="Accompagnement"
        segments={[
          { label: 'Personnes', linkProps: { to: '/personnes' } },
          ...(personId ? [{ label: subject ?? 'Dossier', linkProps: { to: `/personnes/${personId}` } }] : []),
        ]}
      />
      <h1>Accompagnement{subject ? ` — ${subject}` : ''}</h1>
      {fromContact && (
        <Alert
          className="fr-mb-3w"
          severity="info"
          small
          description="Depuis un contact à l’accueil : vérifiez qu’aucun accompagnement de ce type n’est déjà en cours, puis ouvrez-le."
        />
      )}
      <ErrorAlert message={records.error?.message} />
      <section aria-labelledby="records-title" className="fr-mb-4w">
        <h2 id="records-title" className="fr-h4">
          {householdId ? 'Accompagnements du foyer' : 'Accompagnements de la personne'}
        </h2>
        {records.isPending && <p aria-live="polite">Chargement…</p>}
        {records.data && (
          <>
            <ListPagination
              list={records.data}
              noun={['accompagnement', 'accompagnements']}
              onPage={setPage}
            />
            <ul className="fr-raw-list">
              {records.data.items.map((record) => (
                <li
                  key={record.id}
                  className="fr-py-2w"
                  style={{ borderBottom: '1px solid var(--border-default-grey)' }}
                >
                  <p className="fr-mb-1v">
                    <Link to={`/accompagnement/${record.id}`}>{record.typeLabel}</Link>{' '}
                    <Badge
                      small
                      noIcon
                      severity={
                        record.status === 'open'
                          ? 'success'
                          : record.status === 'suspended'
                            ? 'warning'
                            : 'info'
                      }
                    >
                      {SUPPORT_STATUS.labels[record.status]}
                    </Badge>
                  </p>
                  <p className="fr-text--sm fr-mb-0">
                    Ouvert le {formatDate(record.openedOn)}
                    {record.closedOn && ` · clos le ${formatDate(record.closedOn)}`}
                    {record.teamName && ` · ${record.teamName}`}
                    {record.referents.length > 0 &&
                      ` · Référent·es : ${record.referents.map((r) => r.name).join(', ')}`}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {canWrite && <OpenRecordForm subject={subjectRef} />}
    </>
  )
}

type Subject = { personId: string } | { householdId: string }

function OpenRecordForm({ subject }: { subject: Subject }) {
  const types = useSupportTypes()
  const teams = useFollowupTeams()
  const open = useOpenRecord()
  const navigate = useNavigate()
  const form = useFormErrors()
  const [typeId, setTypeId] = useState('')
  const [teamId, setTeamId] = useState('')
  const [domains, setDomains] = useState<SupportDomain[]>([])

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const record = await form.run(() =>
      open.mutateAsync({ ...subject, typeId, teamId: teamId || null, domains }),
    )
    if (record) navigate(`/accompagnement/${record.id}`, { state: { message: 'Accompagnement ouvert.' } })
  }

  return (
    <section aria-labelledby="open-title">
      <h2 id="open-title" className="fr-h4">
        Ouvrir un accompagnement
      </h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert message={form.error} />
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Select
              label="Type d’accompagnement"
              hint="Un seul accompagnement en cours par type et par personne."
              nativeSelectProps={{
                value: typeId,
                onChange: (e) => setTypeId(e.target.value),
                required: true,
              }}
              {...form.state('typeId')}
            >
              <option value="" disabled>
                Choisir un type
              </option>
              {types.data
                ?.filter((t) => t.active)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                    {t.legal ? ' (légal)' : ''}
                  </option>
                ))}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Select
              label="Équipe"
              nativeSelectProps={{ value: teamId, onChange: (e) => setTeamId(e.target.value) }}
              {...form.state('teamId')}
            >
              <option value="">Non précisée</option>
              {teams.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                  {t.confidential ? ' (confidentielle)' : ''}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <Checkbox
          legend="Domaines d’intervention"
          orientation="horizontal"
          options={SUPPORT_DOMAIN.values.map((value) => ({
            label: SUPPORT_DOMAIN.labels[value],
            nativeInputProps: {
              checked: domains.includes(value),
              onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
                setDomains(e.target.checked ? [...domains, value] : domains.filter((d) => d !== value)),
            },
          }))}
          {...form.state('domains')}
        />
        <p className="fr-text--sm">
          Les référent·es du dossier de la personne deviennent ceux de l’accompagnement.
        </p>
        <Button type="submit" disabled={open.isPending}>
          Ouvrir l’accompagnement
        </Button>
      </form>
    </section>
  )
}
