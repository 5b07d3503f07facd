import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { ListEditor } from '../../ui/ListEditor.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { useSaveSupportTypes, useSupportTypes } from './api/followup.ts'

/** /admin/types-accompagnement — the organisation's list of support types, each legal or optional. */
export function SupportTypesPage() {
  usePageTitle('Types d’accompagnement')
  const types = useSupportTypes()
  const save = useSaveSupportTypes()
  return (
    <>
      <h1>Types d’accompagnement</h1>
      <p>
        Les types proposés à l’ouverture d’un accompagnement. Cochez « Légal » pour ceux que la loi confie au
        CCAS (RSA…). Un type retiré n’est plus proposé mais reste sur les accompagnements passés.
      </p>
      {types.error && <ErrorAlert message={applyApiError(types.error)} />}
      <ListEditor<{ id?: string; label: string; legal: boolean; active: boolean }>
        entries={types.data}
        save={(rows) => save.mutateAsync(rows)}
        saving={save.isPending}
        itemLabel="Type"
        newRow={() => ({ label: '', legal: false, active: true })}
        savedMessage="Types d’accompagnement enregistrés."
        extra={(row, index, change) => (
          <Checkbox
            small
            options={[
              {
                label: (
                  <>
                    Légal<span className="fr-sr-only"> : type {index + 1}</span>
                  </>
                ),
                nativeInputProps: {
                  checked: row.legal,
                  onChange: (e) => change({ ...row, legal: e.target.checked }),
                },
              },
            ]}
          />
        )}
      />
    </>
  )
}
