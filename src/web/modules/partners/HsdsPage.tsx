import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { Upload } from '@codegouvfr/react-dsfr/Upload'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useState } from 'react'
import { Link } from 'react-router'
import { SERVICE_CATEGORY } from '../../../shared/partners.ts'
import {
  HSDS_ACTION,
  type HsdsIssue,
  type HsdsMapping,
  type HsdsPreview,
} from '../../../shared/partners-hsds.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  HSDS_EXPORT_JSON_URL,
  HSDS_EXPORT_ZIP_URL,
  hsdsMappingsQuery,
  importHsds,
  previewHsds,
  saveHsdsMappings,
} from './hsds-api.ts'

const where = (issue: HsdsIssue) =>
  [issue.file, issue.row === null ? null : `ligne ${issue.row}`, issue.field].filter(Boolean).join(', ')

function Issues(props: { title: string; issues: HsdsIssue[]; severity: 'error' | 'warning' }) {
  if (props.issues.length === 0) return null
  return (
    <Table
      className="fr-mb-3w"
      caption={`${props.title} (${props.issues.length})`}
      headers={['Fichier, ligne, champ', 'Problème']}
      data={props.issues.map((issue) => [where(issue), issue.message])}
    />
  )
}

function PreviewView(props: { preview: HsdsPreview }) {
  const { preview } = props
  const counts = (c: HsdsPreview['partners']) =>
    `${c.create} ajouté(s), ${c.update} mis à jour, ${c.unchanged} inchangé(s)`
  return (
    <section aria-labelledby="hsds-preview" className="fr-my-4w">
      <h2 id="hsds-preview">Aperçu</h2>
      {preview.valid ? (
        <Alert
          severity="info"
          small
          description={`Jeu de données valide. Partenaires : ${counts(preview.partners)}. Services : ${counts(preview.services)}.`}
        />
      ) : (
        <Alert
          severity="error"
          small
          description={`Le jeu de données contient ${preview.errors.length} erreur(s) : corrigez-les puis déposez-le à nouveau. Rien ne sera importé tant qu’il en reste.`}
        />
      )}
      <Issues title="Erreurs" issues={preview.errors} severity="error" />
      <Issues title="Valeurs laissées de côté" issues={preview.warnings} severity="warning" />
      {preview.items.length > 0 && (
        <Table
          caption="Ce que l’import ferait"
          headers={['Partenaire', 'Service', 'Catégorie', 'Horaires', 'Action']}
          data={preview.items.map((item) => [
            item.kind === 'partner' ? item.name : (item.partnerName ?? ''),
            item.kind === 'service' ? item.name : '—',
            item.category
              ? (SERVICE_CATEGORY.labels[item.category as keyof typeof SERVICE_CATEGORY.labels] ??
                item.category)
              : '',
            item.openingHours ?? '',
            HSDS_ACTION[item.action],
          ])}
        />
      )}
    </section>
  )
}

function ImportForm(props: { onTerms: (terms: Row[]) => void }) {
  const queryClient = useQueryClient()
  const [file, setFile] = useState<File>()
  const [preview, setPreview] = useState<HsdsPreview>()
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  const [busy, setBusy] = useState(false)
  const run = async (work: () => Promise<void>) => {
    setError(undefined)
    setDone(undefined)
    setBusy(true)
    try {
      await work()
    } catch (e) {
      setError(applyApiError(e))
    } finally {
      setBusy(false)
    }
  }
  const check = (event: FormEvent) => {
    event.preventDefault()
    if (!file) return setError('Choisissez le fichier du jeu de données (.zip ou .json).')
    void run(async () => {
      const checked = await previewHsds(file)
      setPreview(checked)
      props.onTerms(checked.terms)
    })
  }
  const confirm = () =>
    file &&
    run(async () => {
      const result = await importHsds(queryClient, file)
      setPreview(undefined)
      setDone(
        `Import terminé : ${result.partners.create} partenaire(s) et ${result.services.create} service(s) ajoutés, ` +
          `${result.partners.update} partenaire(s) et ${result.services.update} service(s) mis à jour.`,
      )
    })
  return (
    <section aria-labelledby="hsds-import" className="fr-mb-6w">
      <h2 id="hsds-import">Importer un jeu de données</h2>
      <form onSubmit={check} noValidate>
        <ErrorAlert message={error} />
        <SuccessAlert message={done} />
        <Upload
          label="Jeu de données HSDS 3 (Open Referral)"
          hint="Le paquet de données en .zip (datapackage.json et fichiers CSV) ou un fichier JSON d’organisations et de leurs services ; 10 Mo au plus. Rien n’est écrit avant votre confirmation, et rien du tout s’il reste une erreur."
          nativeInputProps={{
            accept: '.zip,.json,application/zip,application/json',
            onChange: (e) => {
              setFile(e.target.files?.[0])
              setPreview(undefined)
            },
          }}
        />
        <Button type="submit" className="fr-mt-2w" disabled={busy}>
          Vérifier le fichier
        </Button>
      </form>
      {preview && <PreviewView preview={preview} />}
      {preview?.valid && (
        <Button onClick={confirm} disabled={busy}>
          Confirmer l’import
        </Button>
      )}
    </section>
  )
}

type Row = { key: string; label: string; category: string | null }

/** The organisation's mapping of HSDS taxonomy terms to Trame's categories, with the dataset's new terms. */
function MappingEditor(props: { terms?: Row[] }) {
  const queryClient = useQueryClient()
  const mappings = useQuery(hsdsMappingsQuery)
  const [rows, setRows] = useState<Row[]>([])
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  useEffect(() => {
    const saved: Row[] = mappings.data?.items ?? []
    const known = new Set(saved.map((m) => m.key))
    setRows([...saved, ...(props.terms ?? []).filter((t) => !known.has(t.key))])
  }, [mappings.data, props.terms])
  const save = async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    setDone(undefined)
    try {
      const items = rows.filter((row): row is HsdsMapping => Boolean(row.category))
      await saveHsdsMappings(queryClient, items)
      setDone('Correspondance enregistrée : elle sert aux prochains imports (vérifiez à nouveau le fichier).')
    } catch (e) {
      setError(applyApiError(e))
    }
  }
  return (
    <section aria-labelledby="hsds-mapping" className="fr-my-4w">
      <h2 id="hsds-mapping">Correspondance des catégories</h2>
      <p className="fr-text--sm">
        Chaque terme de taxonomie d’un jeu de données reçoit une catégorie de Trame. Un terme sans
        correspondance donne la catégorie « Autre ».
      </p>
      <ErrorAlert message={error} />
      <SuccessAlert message={done} />
      {rows.length === 0 ? (
        <p className="fr-text--sm">
          Aucun terme pour le moment : vérifiez un jeu de données pour voir les siens.
        </p>
      ) : (
        <form onSubmit={save} noValidate>
          {rows.map((row, i) => (
            <Select
              key={row.key}
              label={`${row.label} (${row.key})`}
              nativeSelectProps={{
                value: row.category ?? '',
                onChange: (e) =>
                  setRows((all) =>
                    all.map((r, j) => (j === i ? { ...r, category: e.target.value || null } : r)),
                  ),
              }}
            >
              <option value="">Sans correspondance (« Autre »)</option>
              {SERVICE_CATEGORY.values.map((category) => (
                <option key={category} value={category}>
                  {SERVICE_CATEGORY.labels[category]}
                </option>
              ))}
            </Select>
          ))}
          <Button type="submit">Enregistrer la correspondance</Button>
        </form>
      )}
    </section>
  )
}

export function HsdsPage() {
  usePageTitle('Partenaires — jeux de données HSDS')
  const { data: me } = useMe()
  const canManage = hasPermission(me, 'partner.manage')
  const [terms, setTerms] = useState<Row[]>([])
  return (
    <>
      <h1>Jeux de données HSDS (Open Referral)</h1>
      <p>
        Les annuaires que publient un département, une ville ou d’autres réseaux au format Human Services Data
        Specification (HSDS 3) s’importent ici ; l’annuaire de Trame s’exporte dans le même format.{' '}
        <Link to="/partenaires">Retour à l’annuaire</Link>
      </p>
      <section aria-labelledby="hsds-export" className="fr-mb-6w">
        <h2 id="hsds-export">Exporter l’annuaire</h2>
        <ul className="fr-raw-list">
          <li className="fr-mb-1w">
            <a
              className="fr-link fr-icon-download-line fr-link--icon-left"
              href={HSDS_EXPORT_ZIP_URL}
              download
            >
              Paquet de données HSDS (.zip)
            </a>
          </li>
          <li className="fr-mb-1w">
            <a
              className="fr-link fr-icon-download-line fr-link--icon-left"
              href={HSDS_EXPORT_JSON_URL}
              download
            >
              HSDS JSON (.json)
            </a>
          </li>
        </ul>
      </section>
      {canManage && <ImportForm onTerms={setTerms} />}
      {canManage && <MappingEditor terms={terms} />}
    </>
  )
}
