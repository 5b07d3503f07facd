import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { ADMISSION_PRIORITY, ORIENTATION_SOURCE } from '../../../shared/accommodation.ts'
import type { useFormErrors } from '../../lib/use-form-errors.ts'
import { LabelledOptions } from '../../ui/LabelledOptions.tsx'

/** What a request says, written when it is made and corrected while it waits. */
export interface AdmissionRequestDraft {
  receivedOn: string
  orientationSource: string
  orientingContact: string
  priority: string
  socialPart: string
}

export const draftOf = (r: {
  receivedOn: string
  orientationSource: string
  orientingContact: string | null
  priority: string
  socialPart: string | null
}): AdmissionRequestDraft => ({
  receivedOn: r.receivedOn,
  orientationSource: r.orientationSource,
  orientingContact: r.orientingContact ?? '',
  priority: r.priority,
  socialPart: r.socialPart ?? '',
})

/** The request's own fields (the structure and the person are chosen once, before). */
export function AdmissionRequestFields({
  draft,
  onChange,
  form,
}: {
  draft: AdmissionRequestDraft
  onChange: (draft: AdmissionRequestDraft) => void
  form: ReturnType<typeof useFormErrors>
}) {
  const set = (field: keyof AdmissionRequestDraft) => (value: string) =>
    onChange({ ...draft, [field]: value })
  return (
    <>
      <Input
        label="Demande reçue le"
        nativeInputProps={{
          type: 'date',
          value: draft.receivedOn,
          onChange: (e) => set('receivedOn')(e.target.value),
        }}
        {...form.state('receivedOn')}
      />
      <Select
        label="Orientation par"
        nativeSelectProps={{
          value: draft.orientationSource,
          onChange: (e) => set('orientationSource')(e.target.value),
        }}
        {...form.state('orientationSource')}
      >
        <LabelledOptions vocabulary={ORIENTATION_SOURCE} empty="Choisir l’origine de l’orientation" />
      </Select>
      <Input
        label="Contact de l’orienteur (facultatif)"
        hintText="Par exemple : « Service social de l’hôpital, Mme Durand »."
        nativeInputProps={{
          value: draft.orientingContact,
          onChange: (e) => set('orientingContact')(e.target.value),
        }}
        {...form.state('orientingContact')}
      />
      <Select
        label="Priorité"
        nativeSelectProps={{ value: draft.priority, onChange: (e) => set('priority')(e.target.value) }}
        {...form.state('priority')}
      >
        <LabelledOptions vocabulary={ADMISSION_PRIORITY} />
      </Select>
      <Input
        label="Partie sociale"
        hintText="Situation, besoins, ce que la personne demande. La partie médicale est rédigée à part par l’équipe médicale."
        textArea
        nativeTextAreaProps={{
          value: draft.socialPart,
          onChange: (e) => set('socialPart')(e.target.value),
          rows: 5,
        }}
        {...form.state('socialPart')}
      />
    </>
  )
}
