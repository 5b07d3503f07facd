import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useContext, useEffect, useRef, useState } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { ARCHIVE_READ_REASON, PERSON_STATUS, personDisplayName } from '../../../shared/people.ts'
import { ApiError } from '../../lib/api-client.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { ConsentsSection } from './ConsentsSection.tsx'
import { errorMessage } from './form-fields.tsx'
import { HouseholdSection } from './HouseholdSection.tsx'
import { MergesSection } from './MergesSection.tsx'
import { PersonDetails } from './PersonDetails.tsx'
import { peopleKeys, personQuery, reactivatePerson } from './people-api.ts'
import { formatDate, labelOf } from './people-format.ts'
import { PersonFileExtraContext } from './person-file-extra.ts'
import { TimelineSection } from './TimelineSection.tsx'

/**
 * The banner of a file the retention sweeper archived: since when and why, read-only, and the way
 * back for those allowed (the person came back); an anonymised file says it can never come back.
 */
function ArchiveBanner({
  personId,
  archive,
  canReactivate,
  onReactivated,
}: {
  personId: string
  archive: { archivedAt: string; lastContactAt: string; anonymisedAt: string | null } | null | undefined
  canReactivate: boolean
  onReactivated: () => void
}) {
  const queryClient = useQueryClient()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  if (archive?.anonymisedAt) {
    return (
      <Alert
        as="h2"
        className="fr-mb-3w"
        severity="info"
        title="Dossier anonymisé"
        description={`La durée de conservation de ce dossier a pris fin : son identité et ses textes ont été effacés le ${formatDate(archive.anonymisedAt)}. Seuls les chiffres restent, pour les statistiques. Si la personne revient, créez un nouveau dossier.`}
      />
    )
  }
  const reactivate = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await reactivatePerson(personId)
      await queryClient.invalidateQueries({ queryKey: peopleKeys.all })
      onReactivated()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Alert
      as="h2"
      className="fr-mb-3w"
      severity="warning"
      title="Dossier archivé : lecture seule"
      description={
        <>
          <span className="fr-mb-1w" style={{ display: 'block' }}>
            {archive
              ? `Sans contact depuis le ${formatDate(archive.lastContactAt)}, ce dossier a été archivé le ${formatDate(archive.archivedAt)} à la fin de sa durée en base active. `
              : 'Ce dossier est archivé. '}
            Il n’apparaît plus dans les recherches et ne peut pas être modifié. Si la personne revient,
            réactivez-le ; un passage enregistré à l’accueil le réactive aussi.
          </span>
          {error && <ErrorAlert message={error} />}
          {canReactivate && (
            <Button
              className="fr-mt-1w"
              iconId="fr-icon-refresh-line"
              priority="secondary"
              disabled={busy}
              onClick={reactivate}
            >
              Réactiver le dossier
            </Button>
          )}
        </>
      }
    />
  )
}

/**
 * Before an archived file opens: why the reader opens it (a list). The reading and its reason go in
 * the audit trail; only those allowed to reactivate the file are asked, others are refused.
 */
function ArchiveReadReasonForm(props: { onChosen: (reason: string) => void }) {
  const [reason, setReason] = useState('')
  const [missing, setMissing] = useState(false)
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        if (!reason) return setMissing(true)
        props.onChosen(reason)
      }}
    >
      <h1>Dossier archivé</h1>
      <Alert
        as="h2"
        severity="info"
        small
        className="fr-mb-3w"
        description="Ce dossier est sorti de la base active à la fin de sa durée de conservation. Indiquez pourquoi vous l’ouvrez : votre consultation et son motif sont enregistrés dans le journal d’audit."
      />
      <Select
        label="Motif de la consultation"
        nativeSelectProps={{
          value: reason,
          required: true,
          onChange: (e) => {
            setReason(e.target.value)
            setMissing(false)
          },
        }}
        state={missing ? 'error' : 'default'}
        stateRelatedMessage={missing ? 'Choisissez le motif de la consultation.' : undefined}
      >
        <option value="" disabled>
          Choisir un motif
        </option>
        {ARCHIVE_READ_REASON.values.map((value) => (
          <option key={value} value={value}>
            {ARCHIVE_READ_REASON.labels[value]}
          </option>
        ))}
      </Select>
      <Button type="submit" iconId="fr-icon-folder-2-line">
        Ouvrir le dossier archivé
      </Button>
    </form>
  )
}

/** /personnes/:id — the person's file, household, consents, timeline and merges. */
export function PersonPage() {
  const { id = '' } = useParams()
  const location = useLocation()
  const message = (location.state as { message?: string } | null)?.message
  const { data: me } = useMe()
  const [readReason, setReadReason] = useState<string>()
  const person = useQuery({ ...personQuery(id, readReason), retry: false })
  const askReason = person.error instanceof ApiError && person.error.code === 'ARCHIVE_READ_REASON_REQUIRED'
  const extraSections = useContext(PersonFileExtraContext)
  const headingRef = useRef<HTMLHeadingElement>(null)
  usePageTitle(
    person.data ? `${personDisplayName(person.data)} — dossier ${person.data.fileNumber}` : 'Dossier',
  )
  const loaded = Boolean(person.data)
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the heading when another file opens
  useEffect(() => {
    if (loaded) headingRef.current?.focus()
  }, [loaded, id])

  const canWrite = hasPermission(me, 'person.write')
  const canMerge = hasPermission(me, 'person.merge')
  const canExport = hasPermission(me, 'person.export')
  const canFollow = hasPermission(me, 'followup.read')
  const restricted = hasPermission(me, 'person.read_restricted')
  const canReadAudit = hasPermission(me, 'audit.read')
  const canReactivate = hasPermission(me, 'person.reactivate')
  const [reactivated, setReactivated] = useState<string>()
  const p = person.data
  const merged = Boolean(p?.mergedIntoId)
  const archived = p?.status === 'archived'
  // A merged or archived file is read-only.
  const readOnly = merged || archived

  return (
    <>
      <Breadcrumb
        currentPageLabel={p ? personDisplayName(p) : 'Dossier'}
        segments={[{ label: 'Personnes', linkProps: { to: '/personnes' } }]}
      />
      {askReason && <ArchiveReadReasonForm onChosen={setReadReason} />}
      {person.error && !askReason && (
        <>
          <h1>Dossier introuvable</h1>
          <Alert
            as="h2"
            severity="error"
            title="Ce dossier ne peut pas être affiché"
            description={errorMessage(person.error)}
          />
        </>
      )}
      {person.isPending && <p aria-live="polite">Chargement du dossier…</p>}
      {p && (
        <>
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-mb-2w">
            <div className="fr-col-12 fr-col-md">
              <h1 ref={headingRef} tabIndex={-1} className="fr-mb-1w">
                {personDisplayName(p)}
              </h1>
              <p className="fr-mb-0">
                Dossier n° {p.fileNumber}{' '}
                <Badge
                  small
                  noIcon
                  severity={p.status === 'active' ? 'success' : 'info'}
                  className="fr-ml-1w"
                >
                  {labelOf(PERSON_STATUS.labels, p.status)}
                </Badge>
                {merged && (
                  <Badge small noIcon severity="warning" className="fr-ml-1w">
                    Fusionné
                  </Badge>
                )}
              </p>
            </div>
            <div className="fr-col-12 fr-col-md-auto">
              <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-btns-group--icon-left">
                {canWrite && !readOnly && (
                  <li>
                    <Button iconId="fr-icon-edit-line" linkProps={{ to: `/personnes/${p.id}/modifier` }}>
                      Modifier
                    </Button>
                  </li>
                )}
                {canFollow && !merged && (
                  <li>
                    <Button
                      priority="secondary"
                      iconId="fr-icon-team-line"
                      linkProps={{ to: `/accompagnement/personnes/${p.id}` }}
                    >
                      Accompagnement
                    </Button>
                  </li>
                )}
                {canMerge && !readOnly && (
                  <li>
                    <Button
                      priority="secondary"
                      iconId="fr-icon-git-merge-line"
                      linkProps={{ to: `/personnes/${p.id}/fusionner` }}
                    >
                      Fusionner un doublon
                    </Button>
                  </li>
                )}
                {canExport && (
                  <>
                    <li>
                      <Button
                        priority="tertiary"
                        iconId="fr-icon-download-line"
                        linkProps={serverLinkProps(`/api/people/${p.id}/export.json`, { download: true })}
                      >
                        Exporter (JSON)
                      </Button>
                    </li>
                    <li>
                      <Button
                        priority="tertiary"
                        iconId="fr-icon-file-pdf-line"
                        linkProps={serverLinkProps(`/api/people/${p.id}/export.pdf`, { download: true })}
                      >
                        Synthèse PDF
                      </Button>
                    </li>
                  </>
                )}
                {canReadAudit && (
                  <li>
                    <Button
                      priority="tertiary"
                      iconId="fr-icon-eye-line"
                      linkProps={{ to: `/admin/audit?personId=${p.id}` }}
                    >
                      Qui a consulté ce dossier ?
                    </Button>
                  </li>
                )}
              </ul>
            </div>
          </div>

          <SuccessAlert message={reactivated ?? message} />
          {archived && !merged && (
            <ArchiveBanner
              personId={p.id}
              archive={p.archive}
              canReactivate={canReactivate}
              onReactivated={() =>
                setReactivated('Dossier réactivé : il est de nouveau dans les recherches et modifiable.')
              }
            />
          )}
          {p.mergedIntoId && (
            <Alert
              as="h2"
              className="fr-mb-3w"
              severity="warning"
              title="Ce dossier a été fusionné dans un autre dossier"
              description={
                <>
                  Tout ce qui le concerne apparaît désormais dans le dossier conservé.{' '}
                  <Link to={`/personnes/${p.mergedIntoId}`}>Ouvrir le dossier conservé</Link>
                </>
              }
            />
          )}

          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-lg-8">
              <PersonDetails person={p} restricted={restricted} />
              <HouseholdSection person={p} canWrite={canWrite && !archived} />
              {extraSections?.(p.id, { merged: readOnly })}
              <ConsentsSection personId={p.id} canWrite={canWrite && !readOnly} />
              <MergesSection personId={p.id} canMerge={canMerge && !archived} />
            </div>
            <div className="fr-col-12 fr-col-lg-4">
              <TimelineSection personId={p.id} />
            </div>
          </div>
        </>
      )}
    </>
  )
}
