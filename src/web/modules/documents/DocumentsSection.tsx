import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { createModal } from '@codegouvfr/react-dsfr/Modal'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Upload } from '@codegouvfr/react-dsfr/Upload'
import { type FormEvent, useRef, useState } from 'react'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import {
  DEFAULT_DOCUMENT_MAX_MB,
  DEFAULT_EXPIRING_DAYS,
  DOCUMENT_ACCEPT,
  DOCUMENT_FORMATS_HINT,
  type DocumentInfo,
  formatFileSize,
} from '../../../shared/documents.ts'
import { ApiError } from '../../lib/api-client.ts'
import { formatDate, formatDateTime } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { serverLinkProps } from '../../ui/server-link.ts'
import {
  documentFileUrl,
  useDeleteDocument,
  useDocumentTypes,
  usePersonDocuments,
  useUploadDocument,
} from './documents-api.ts'

const deleteModal = createModal({ id: 'supprimer-document', isOpenedByDefault: false })

const messageOf = (error: unknown) =>
  error instanceof ApiError ? error.problem.detail : 'Une erreur inattendue est survenue. Réessayez.'

/** Expired, or expiring within the usual delay: the paper is to be renewed. */
function ExpiryBadge({ expiresOn }: { expiresOn: string | null }) {
  if (!expiresOn) return null
  const today = todayInFrance()
  if (expiresOn < today)
    return (
      <Badge small severity="error">
        Expiré le {formatDate(expiresOn)}
      </Badge>
    )
  if (expiresOn <= addDays(today, DEFAULT_EXPIRING_DAYS))
    return (
      <Badge small severity="warning">
        Expire le {formatDate(expiresOn)}
      </Badge>
    )
  return <span className="fr-text--sm">Valable jusqu’au {formatDate(expiresOn)}</span>
}

/**
 * The person's documents: the list with a download link for each, a form to file a new one and, for
 * those who may, deletion behind a confirmation. Shown only to roles the server lets read them.
 */
export function DocumentsSection(props: { personId: string; canWrite: boolean }) {
  const [page, setPage] = useState(1)
  const documents = usePersonDocuments(props.personId, page)
  const types = useDocumentTypes(props.canWrite)
  const upload = useUploadDocument()
  const remove = useDeleteDocument()
  const [file, setFile] = useState<File>()
  const [typeId, setTypeId] = useState('')
  const [expiresOn, setExpiresOn] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  const [selected, setSelected] = useState<DocumentInfo>()
  const formRef = useRef<HTMLFormElement>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setErrors({})
    setError(undefined)
    setDone(undefined)
    const missing: Record<string, string> = {}
    if (!typeId) missing.typeId = 'Choisissez le type du document.'
    if (!file) missing.file = 'Choisissez un fichier.'
    if (Object.keys(missing).length > 0) return setErrors(missing)
    try {
      await upload.mutateAsync({
        personId: props.personId,
        typeId,
        expiresOn: expiresOn || undefined,
        file: file!,
      })
      setDone('Document déposé.')
      setFile(undefined)
      setTypeId('')
      setExpiresOn('')
      setPage(1)
      formRef.current?.reset()
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem.errors?.length) {
        setErrors(Object.fromEntries(caught.problem.errors.map((e) => [e.path, e.message])))
      }
      // The refusal of the file itself (format, size) is said next to it.
      if (caught instanceof ApiError && caught.code.startsWith('DOCUMENT_')) {
        setErrors({ file: caught.problem.detail })
      } else {
        setError(messageOf(caught))
      }
    }
  }

  async function confirmDelete() {
    if (!selected) return
    try {
      await remove.mutateAsync(selected)
      deleteModal.close()
      setDone('Document supprimé.')
    } catch (caught) {
      deleteModal.close()
      setError(messageOf(caught))
    }
  }

  const list = documents.data
  return (
    <section
      aria-labelledby="section-documents"
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id="section-documents" className="fr-h5 fr-mb-2w">
        Documents
      </h2>
      <SuccessAlert message={done} />
      <ErrorAlert message={error ?? (documents.error ? messageOf(documents.error) : undefined)} />
      {list && list.total === 0 && <p>Aucun document déposé pour cette personne.</p>}
      {list && list.total > 0 && (
        <>
          <ul className="fr-raw-list">
            {list.items.map((d) => (
              <li
                key={d.id}
                className="fr-py-2w fr-grid-row fr-grid-row--middle fr-grid-row--gutters"
                style={{ borderBottom: '1px solid var(--border-default-grey)' }}
              >
                <div className="fr-col">
                  <p className="fr-mb-0 fr-text--bold">{d.typeLabel}</p>
                  <p className="fr-mb-0 fr-text--sm" style={{ overflowWrap: 'anywhere' }}>
                    {d.fileName} — {formatFileSize(d.sizeBytes)} — déposé le {formatDateTime(d.uploadedAt)}
                    {d.uploadedByName ? ` par ${d.uploadedByName}` : ''}
                  </p>
                  <ExpiryBadge expiresOn={d.expiresOn} />
                </div>
                <div className="fr-col-auto">
                  <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left">
                    <li>
                      <Button
                        priority="secondary"
                        iconId="fr-icon-download-line"
                        linkProps={{
                          ...serverLinkProps(documentFileUrl(d.id), { download: true }),
                          title: `Télécharger ${d.fileName}`,
                        }}
                      >
                        Télécharger
                      </Button>
                    </li>
                    {props.canWrite && (
                      <li>
                        <Button
                          priority="tertiary"
                          iconId="fr-icon-delete-line"
                          nativeButtonProps={{
                            ...deleteModal.buttonProps,
                            'aria-label': `Supprimer ${d.fileName}`,
                          }}
                          onClick={() => setSelected(d)}
                        >
                          Supprimer
                        </Button>
                      </li>
                    )}
                  </ul>
                </div>
              </li>
            ))}
          </ul>
          <ListPagination list={list} noun={['document', 'documents']} onPage={setPage} />
        </>
      )}

      {props.canWrite && (
        <form ref={formRef} onSubmit={submit} noValidate className="fr-mt-3w">
          <h3 className="fr-h6">Déposer un document</h3>
          <Select
            label="Type de document"
            state={errors.typeId ? 'error' : 'default'}
            stateRelatedMessage={errors.typeId}
            nativeSelectProps={{ value: typeId, onChange: (e) => setTypeId(e.target.value), required: true }}
          >
            <option value="" disabled>
              Choisir un type
            </option>
            {(types.data ?? [])
              .filter((t) => t.active)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
          </Select>
          <Input
            label="Date d’expiration (facultatif)"
            hintText="Pour une pièce d’identité ou un titre de séjour : Trame la signale avant l’échéance."
            state={errors.expiresOn ? 'error' : 'default'}
            stateRelatedMessage={errors.expiresOn}
            nativeInputProps={{
              type: 'date',
              value: expiresOn,
              onChange: (e) => setExpiresOn(e.target.value),
            }}
          />
          <Upload
            className="fr-mb-3w"
            label="Fichier"
            hint={`${DOCUMENT_FORMATS_HINT}. Taille maximale : ${DEFAULT_DOCUMENT_MAX_MB} Mo. Le format est vérifié d’après le contenu du fichier.`}
            state={errors.file ? 'error' : 'default'}
            stateRelatedMessage={errors.file}
            nativeInputProps={{
              accept: DOCUMENT_ACCEPT,
              onChange: (e) => setFile(e.target.files?.[0]),
            }}
          />
          <Button type="submit" iconId="fr-icon-upload-line" disabled={upload.isPending}>
            {upload.isPending ? 'Envoi en cours…' : 'Déposer le document'}
          </Button>
        </form>
      )}

      <deleteModal.Component
        title="Supprimer ce document ?"
        buttons={[
          { children: 'Garder le document', priority: 'secondary', doClosesModal: true },
          {
            children: remove.isPending ? 'Suppression…' : 'Supprimer définitivement',
            doClosesModal: false,
            disabled: remove.isPending,
            onClick: confirmDelete,
          },
        ]}
      >
        <p>
          {selected ? `« ${selected.fileName} » (${selected.typeLabel})` : 'Le document'} sera supprimé, avec
          son fichier. La suppression est inscrite au journal d’audit.
        </p>
      </deleteModal.Component>
    </section>
  )
}

/** The section on a person's page, for users the server lets read documents (writing: file and delete). */
export function PersonDocuments(props: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  if (!hasPermission(me, 'document.read')) return null
  return (
    <DocumentsSection
      personId={props.personId}
      canWrite={hasPermission(me, 'document.write') && !props.merged}
    />
  )
}
