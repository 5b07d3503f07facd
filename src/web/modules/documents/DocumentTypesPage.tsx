import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListEditor } from '../../ui/ListEditor.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useDocumentTypes, useSaveDocumentTypes } from './documents-api.ts'

/** /admin/types-documents — the organisation's list of document types. */
export function DocumentTypesPage() {
  usePageTitle('Types de documents')
  const types = useDocumentTypes()
  const save = useSaveDocumentTypes()
  return (
    <>
      <h1>Types de documents</h1>
      <p>
        Les types proposés au dépôt d’un document (pièce d’identité, justificatif de ressources…). Un type
        retiré n’est plus proposé mais reste sur les documents déjà déposés.
      </p>
      {types.error && <ErrorAlert message={applyApiError(types.error)} />}
      <ListEditor<{ id?: string; label: string; active: boolean }>
        entries={types.data}
        save={(rows) => save.mutateAsync(rows)}
        saving={save.isPending}
        itemLabel="Type"
        newRow={() => ({ label: '', active: true })}
        savedMessage="Types de documents enregistrés."
      />
    </>
  )
}
