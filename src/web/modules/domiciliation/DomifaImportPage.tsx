import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { Upload } from '@codegouvfr/react-dsfr/Upload'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { DOMICILIATION_STATUS } from '../../../shared/domiciliation.ts'
import {
  DOMICILIATION_IMPORT_STATUS,
  DOMIFA_BENEFICIARY_COLUMNS,
  DOMIFA_COLUMNS,
  type DomiciliationImport,
} from '../../../shared/domiciliation-domifa.ts'
import { formatDateTime } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  domiciliationExportUrl,
  domifaKeys,
  isImportRunning,
  useDomifaImport,
  useDomifaImports,
  useStartDomifaImport,
  useUploadDomifaFile,
} from './domifa-api.ts'

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`

/**
 * A CCAS leaving DomiFa brings its people: the file is checked whole (every faulty cell said, nothing
 * written), then imported in the background while the screen follows its progress. The domiciled
 * people can be taken out the same way, in DomiFa's layout.
 */
export function DomifaImportPage() {
  usePageTitle('Importer depuis DomiFa')
  const [searchParams, setSearchParams] = useSearchParams()
  // The import shown stays in the address: a reload keeps following it.
  const importId = searchParams.get('import') ?? undefined
  const [file, setFile] = useState<File>()
  const upload = useUploadDomifaFile()
  const form = useFormErrors()

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!file) {
      form.show('Choisissez le fichier XLSX exporté de DomiFa.', [
        { path: 'file', message: 'Choisissez un fichier.' },
      ])
      return
    }
    const view = await form.run(() => upload.mutateAsync(file))
    if (view) setSearchParams({ import: view.id })
  }

  return (
    <div>
      <h1>Importer depuis DomiFa</h1>
      <p>
        Exportez vos domiciliés depuis DomiFa au format d’import (fichier Excel .xlsx), puis déposez le
        fichier ici. Trame vérifie d’abord tout le fichier : tant qu’une cellule est à corriger, rien n’est
        écrit. Une personne qui a déjà un dossier dans Trame (même nom, prénom et date de naissance) est
        retrouvée, pas créée en double ; une ligne déjà importée n’est pas importée deux fois.
      </p>
      <details className="fr-mb-3w">
        <summary>Colonnes attendues, dans cet ordre</summary>
        <ol className="fr-text--sm">
          {DOMIFA_COLUMNS.map((column) => (
            <li key={column.key}>{column.label}</li>
          ))}
          <li>
            Puis, pour chaque ayant droit, 4 colonnes :{' '}
            {DOMIFA_BENEFICIARY_COLUMNS.map((c) => c.label.toLowerCase()).join(', ')}.
          </li>
        </ol>
        <p className="fr-text--sm">
          Les dates s’écrivent JJ/MM/AAAA ou sont des dates Excel. La première ligne (les titres) est ignorée.
        </p>
      </details>
      <ErrorAlert message={form.error} />
      <form onSubmit={submit} noValidate className="fr-mb-4w">
        <Upload
          className="fr-mb-3w"
          label="Fichier DomiFa (.xlsx)"
          hint="Jusqu’à 50 000 lignes ; 64 Mo au plus."
          {...form.state('file')}
          nativeInputProps={{
            accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            onChange: (e) => setFile(e.target.files?.[0]),
          }}
        />
        <Button type="submit" iconId="fr-icon-upload-line" disabled={upload.isPending}>
          {upload.isPending ? 'Vérification du fichier…' : 'Vérifier le fichier'}
        </Button>
      </form>
      {importId && <ImportState id={importId} />}
      <ExportSection />
      <PastImports current={importId} onOpen={(id) => setSearchParams({ import: id })} />
    </div>
  )
}

/** Where an import stands: its errors to fix, its preview to confirm, its progress, then its summary. */
function ImportState({ id }: { id: string }) {
  const current = useDomifaImport(id)
  const start = useStartDomifaImport()
  const form = useFormErrors()
  const heading = useRef<HTMLHeadingElement>(null)
  const queryClient = useQueryClient()
  const view = current.data
  const status = view?.status
  useEffect(() => {
    // Each new state of the import is announced by moving the reader to its heading…
    if (status && status !== 'importing') heading.current?.focus()
    // …and the list of imports below says it too.
    if (status === 'done' || status === 'failed')
      void queryClient.invalidateQueries({ queryKey: domifaKeys.importLists })
  }, [status, queryClient])

  if (current.error) return <ErrorAlert message={applyApiError(current.error)} />
  if (!view) return <p aria-live="polite">Chargement de l’import…</p>

  async function launch() {
    await form.run(async () => {
      await start.mutateAsync(id)
      await current.refetch()
    })
  }

  return (
    <section aria-labelledby="import-state" className="fr-mb-6w">
      <h2 id="import-state" ref={heading} tabIndex={-1}>
        {DOMICILIATION_IMPORT_STATUS.labels[view.status]} — {view.fileName}
      </h2>
      <ErrorAlert message={form.error} />
      {view.status === 'invalid' && <ImportErrors view={view} />}
      {view.status === 'valid' && (
        <>
          <p>Le fichier ne contient aucune erreur. Voici ce que l’import va faire :</p>
          <ul>
            <li>{plural(view.totalRows, 'ligne lue', 'lignes lues')}</li>
            <li>{plural(view.newPeople, 'personne à créer', 'personnes à créer')}</li>
            <li>
              {plural(
                view.matchedPeople,
                'personne déjà dans Trame (son dossier est réutilisé)',
                'personnes déjà dans Trame (leur dossier est réutilisé)',
              )}
            </li>
            <li>
              {plural(
                view.alreadyImported,
                'ligne déjà importée (ignorée)',
                'lignes déjà importées (ignorées)',
              )}
            </li>
          </ul>
          <p className="fr-text--sm">Les ayants droit sont ajoutés au foyer de chaque personne.</p>
          <Button onClick={launch} disabled={start.isPending} iconId="fr-icon-play-line">
            Lancer l’import
          </Button>
        </>
      )}
      {isImportRunning(view.status) && <ImportProgress view={view} />}
      {view.status === 'done' && (
        <>
          <Alert
            className="fr-mb-3w"
            severity="success"
            small
            role="status"
            description={`Import terminé le ${formatDateTime(view.finishedAt ?? view.createdAt)} : ${plural(view.processedRows, 'ligne traitée', 'lignes traitées')}.`}
          />
          <ul>
            <li>
              {plural(view.createdPeople, 'dossier créé', 'dossiers créés')} (personnes et ayants droit)
            </li>
            <li>
              {plural(view.matchedPeople, 'dossier existant réutilisé', 'dossiers existants réutilisés')}
            </li>
            <li>
              {plural(
                view.alreadyImported,
                'ligne ignorée (déjà importée)',
                'lignes ignorées (déjà importées)',
              )}
            </li>
          </ul>
          <Button priority="secondary" linkProps={{ to: '/personnes' }}>
            Voir les personnes
          </Button>
        </>
      )}
      {view.status === 'failed' && (
        <ErrorAlert message="L’import s’est interrompu. Les lots déjà écrits sont conservés : déposez à nouveau le même fichier, les lignes déjà importées seront ignorées." />
      )}
    </section>
  )
}

function ImportProgress({ view }: { view: DomiciliationImport }) {
  const checking = view.status === 'checking'
  return (
    <div aria-live="polite">
      <label htmlFor="import-progress" className="fr-label">
        {checking
          ? 'Vérification du fichier…'
          : `${view.processedRows.toLocaleString('fr-FR')} lignes importées sur ${view.totalRows.toLocaleString('fr-FR')}`}
      </label>
      <progress
        id="import-progress"
        className="fr-mt-1w fr-mb-2w"
        style={{ width: '100%', height: '1rem', accentColor: 'var(--background-action-high-blue-france)' }}
        max={Math.max(1, view.totalRows)}
        value={checking ? undefined : view.processedRows}
      />
      <p className="fr-text--sm">
        L’import se poursuit même si vous quittez cette page ; revenez-y pour voir où il en est.
      </p>
    </div>
  )
}

/** The faulty cells, as the spreadsheet names them: the line, the column's title, what it holds. */
function ImportErrors({ view }: { view: DomiciliationImport }) {
  const hidden = view.errorCount - view.errors.length
  return (
    <>
      <Alert
        className="fr-mb-3w"
        severity="error"
        small
        role="alert"
        description={`${plural(view.errorCount, 'cellule est à corriger', 'cellules sont à corriger')} : rien n’a été importé. Corrigez le fichier puis déposez-le à nouveau.`}
      />
      <Table
        caption="Cellules à corriger"
        headers={['Ligne', 'Colonne', 'Valeur', 'Problème']}
        data={view.errors.map((e) => [
          e.row > 0 ? String(e.row) : '—',
          e.column,
          e.value === '' ? <em key="empty">(vide)</em> : e.value,
          e.message,
        ])}
      />
      {hidden > 0 && (
        <p className="fr-text--sm">
          Seules les {view.errors.length} premières erreurs sont affichées (
          {plural(hidden, 'autre', 'autres')}
          ).
        </p>
      )}
    </>
  )
}

/** The domiciled people in DomiFa's layout, to bring them into another tool or a spreadsheet. */
function ExportSection() {
  const [status, setStatus] = useState('in_force')
  return (
    <section aria-labelledby="domiciliation-export" className="fr-mb-6w">
      <h2 id="domiciliation-export">Exporter les personnes domiciliées</h2>
      <p>
        La liste reprend les colonnes du format d’import de DomiFa. Elle contient des données personnelles :
        conservez-la en lieu sûr.
      </p>
      <Select
        label="Domiciliations à exporter"
        nativeSelectProps={{ value: status, onChange: (e) => setStatus(e.target.value) }}
      >
        <option value="in_force">En cours de validité aujourd’hui</option>
        {DOMICILIATION_STATUS.values.map((value) => (
          <option key={value} value={value}>
            {DOMICILIATION_STATUS.labels[value]}
          </option>
        ))}
      </Select>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-download-line"
            linkProps={serverLinkProps(domiciliationExportUrl(status, 'csv'), { download: true })}
          >
            Exporter en CSV
          </Button>
        </li>
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-download-line"
            linkProps={serverLinkProps(domiciliationExportUrl(status, 'xlsx'), { download: true })}
          >
            Exporter en Excel (XLSX)
          </Button>
        </li>
      </ul>
    </section>
  )
}

function PastImports({ current, onOpen }: { current?: string; onOpen: (id: string) => void }) {
  const [page, setPage] = useState(1)
  const imports = useDomifaImports(page)
  const list = imports.data
  if (!list || list.total === 0) return null
  return (
    <section aria-labelledby="past-imports">
      <h2 id="past-imports">Imports précédents</h2>
      <Table
        caption="Imports DomiFa de l’organisation, du plus récent au plus ancien"
        noCaption
        headers={['Déposé le', 'Fichier', 'État', 'Lignes', 'Dossiers créés', 'Détail']}
        data={list.items.map((item) => [
          formatDateTime(item.createdAt),
          item.fileName,
          DOMICILIATION_IMPORT_STATUS.labels[item.status],
          item.totalRows.toLocaleString('fr-FR'),
          item.createdPeople.toLocaleString('fr-FR'),
          item.id === current ? (
            'Affiché ci-dessus'
          ) : (
            <Link
              key={item.id}
              to={`?import=${item.id}`}
              onClick={(event) => {
                event.preventDefault()
                onOpen(item.id)
              }}
              aria-label={`Voir l’import du fichier ${item.fileName} du ${formatDateTime(item.createdAt)}`}
            >
              Voir
            </Link>
          ),
        ])}
      />
      <ListPagination list={list} noun={['import', 'imports']} onPage={setPage} />
    </section>
  )
}
