import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import {
  INTERVIEW_MEDIUM,
  type Interview,
  type InterviewMedium,
  PRIVATE_SYNTHESIS_NOTICE,
  SUPPORT_DOMAIN,
  type SupportDomain,
} from '../../../shared/followup.ts'
import { formatInstant } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { interviewsQuery, useCorrectInterview, useRecordInterview } from './api/followup.ts'

const domainLabels: Record<string, string> = SUPPORT_DOMAIN.labels

/** "2026-12-06T09:30" in the browser's time zone, for a datetime-local field. */
function localDateTime(at = new Date()) {
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

/** The interviews of a record, latest first, and recording one. */
export function InterviewsSection({ recordId, canWrite }: { recordId: string; canWrite: boolean }) {
  const [page, setPage] = useState(1)
  const interviews = useQuery(interviewsQuery(recordId, page))
  const [correcting, setCorrecting] = useState<string>()
  const [corrected, setCorrected] = useState<string>()
  return (
    <section aria-labelledby="interviews-title" className="fr-mb-4w">
      <h2 id="interviews-title" className="fr-h4">
        Entretiens
      </h2>
      {canWrite && <InterviewForm recordId={recordId} />}
      <ErrorAlert message={interviews.error?.message} />
      <SuccessAlert message={corrected} />
      {interviews.data && (
        <>
          <ListPagination list={interviews.data} noun={['entretien', 'entretiens']} onPage={setPage} />
          <ul className="fr-raw-list">
            {interviews.data.items.map((interview) => (
              <li
                key={interview.id}
                className="fr-py-2w"
                style={{ borderBottom: '1px solid var(--border-default-grey)' }}
              >
                <p className="fr-mb-1v">
                  <strong>{formatInstant(interview.occurredAt)}</strong> ·{' '}
                  {INTERVIEW_MEDIUM.labels[interview.medium]}
                  {interview.durationMinutes && ` · ${interview.durationMinutes} min`} ·{' '}
                  {interview.authorName}
                  {interview.correctedAt && ` · corrigé le ${formatInstant(interview.correctedAt)}`}
                  {interview.psychologistSession && (
                    <Badge small noIcon className="fr-ml-1w">
                      Séance de psychologue
                    </Badge>
                  )}
                </p>
                {interview.participants.length > 0 && (
                  <p className="fr-text--sm fr-mb-1v">Participant·es : {interview.participants.join(', ')}</p>
                )}
                {interview.domains.length > 0 && (
                  <p className="fr-text--sm fr-mb-1v">
                    Domaines : {interview.domains.map((d) => domainLabels[d] ?? d).join(', ')}
                  </p>
                )}
                {interview.note && <p className="fr-mb-1v">{interview.note}</p>}
                {interview.noteRestricted && (
                  <p className="fr-text--sm fr-mb-1v">
                    <span className="fr-icon-lock-line fr-icon--sm" aria-hidden="true" /> Note de séance
                    réservée aux psychologues de l’équipe.
                  </p>
                )}
                {interview.privateSynthesis && (
                  <div className="fr-callout fr-py-2w fr-mb-1v">
                    <p className="fr-text--sm fr-text--bold fr-mb-1v">
                      <span className="fr-icon-lock-line fr-icon--sm" aria-hidden="true" /> Ma synthèse privée
                      — visible par vous seul·e
                    </p>
                    <p className="fr-mb-0">{interview.privateSynthesis}</p>
                  </div>
                )}
                {/* Its author alone corrects an interview, while the record runs (the server's rule). */}
                {canWrite && interview.mine && correcting !== interview.id && (
                  <Button
                    size="small"
                    priority="tertiary"
                    iconId="fr-icon-edit-line"
                    onClick={() => {
                      setCorrected(undefined)
                      setCorrecting(interview.id)
                    }}
                  >
                    Corriger l’entretien
                    <span className="fr-sr-only"> du {formatInstant(interview.occurredAt)}</span>
                  </Button>
                )}
                {correcting === interview.id && (
                  <InterviewForm
                    recordId={recordId}
                    correcting={interview}
                    onDone={(done) => {
                      setCorrecting(undefined)
                      if (done) setCorrected('Entretien corrigé.')
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

/** Recording an interview, or (`correcting`) its author's correction of one, pre-filled. */
function InterviewForm(props: {
  recordId: string
  correcting?: Interview
  onDone?: (done: boolean) => void
}) {
  const { recordId, correcting } = props
  const record = useRecordInterview(recordId)
  const correct = useCorrectInterview(recordId)
  const form = useFormErrors()
  const initialAt = correcting ? localDateTime(new Date(correcting.occurredAt)) : localDateTime()
  const [occurredAt, setOccurredAt] = useState(initialAt)
  const [medium, setMedium] = useState<InterviewMedium>(correcting?.medium ?? 'office')
  const [duration, setDuration] = useState(correcting?.durationMinutes?.toString() ?? '')
  const [participants, setParticipants] = useState(correcting?.participants.join(', ') ?? '')
  const [note, setNote] = useState(correcting?.note ?? '')
  const [privateSynthesis, setPrivateSynthesis] = useState(correcting?.privateSynthesis ?? '')
  const pending = record.isPending || correct.isPending

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const at = new Date(occurredAt)
    if (Number.isNaN(at.getTime())) {
      form.show('Certains champs sont à corriger.', [
        { path: 'occurredAt', message: 'Date et heure invalides.' },
      ])
      return
    }
    const input = {
      // Untouched, the time is sent as recorded (a home visit keeps the date it is counted on).
      occurredAt: correcting && occurredAt === initialAt ? correcting.occurredAt : at.toISOString(),
      medium,
      durationMinutes: duration ? Number(duration) : null,
      participants: participants
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
      note,
      privateSynthesis,
    }
    if (correcting) {
      const done = await form.run(() =>
        correct.mutateAsync({
          id: correcting.id,
          ...input,
          domains: correcting.domains as SupportDomain[],
        }),
      )
      if (done) props.onDone?.(true)
      return
    }
    const done = await form.run(() => record.mutateAsync(input), 'Entretien enregistré.')
    if (done) {
      setNote('')
      setPrivateSynthesis('')
      setParticipants('')
      setDuration('')
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="fr-mb-4w"
      aria-label={correcting ? 'Corriger l’entretien' : 'Enregistrer un entretien'}
    >
      <h3 className="fr-h6">{correcting ? 'Corriger l’entretien' : 'Enregistrer un entretien'}</h3>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Date et heure"
            hintText="Quand l’entretien a eu lieu (jamais dans le futur)."
            nativeInputProps={{
              type: 'datetime-local',
              value: occurredAt,
              onChange: (e) => setOccurredAt(e.target.value),
            }}
            {...form.state('occurredAt')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Modalité"
            hint="Une visite à domicile compte comme un passage de l’équipe."
            nativeSelectProps={{
              value: medium,
              onChange: (e) => setMedium(e.target.value as InterviewMedium),
            }}
            {...form.state('medium')}
          >
            {INTERVIEW_MEDIUM.values.map((value) => (
              <option key={value} value={value}>
                {INTERVIEW_MEDIUM.labels[value]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Durée (minutes)"
            nativeInputProps={{
              type: 'number',
              min: 1,
              max: 1440,
              value: duration,
              onChange: (e) => setDuration(e.target.value),
            }}
            {...form.state('durationMinutes')}
          />
        </div>
      </div>
      <Input
        label="Participant·es"
        hintText="Séparé·es par des virgules : « Mère, conseillère Mission locale »."
        nativeInputProps={{ value: participants, onChange: (e) => setParticipants(e.target.value) }}
        {...form.state('participants')}
      />
      <Input
        label="Note de l’entretien"
        hintText="Lue par l’équipe qui accompagne la personne."
        textArea
        nativeTextAreaProps={{ value: note, onChange: (e) => setNote(e.target.value), rows: 3 }}
        {...form.state('note')}
      />
      <Input
        label="Synthèse privée — visible par vous seul·e"
        hintText={PRIVATE_SYNTHESIS_NOTICE}
        textArea
        iconId="fr-icon-lock-line"
        nativeTextAreaProps={{
          value: privateSynthesis,
          onChange: (e) => setPrivateSynthesis(e.target.value),
          rows: 3,
        }}
        {...form.state('privateSynthesis')}
      />
      {correcting ? (
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          <li>
            <Button type="submit" disabled={pending}>
              Enregistrer la correction
            </Button>
          </li>
          <li>
            <Button type="button" priority="secondary" onClick={() => props.onDone?.(false)}>
              Annuler la correction
            </Button>
          </li>
        </ul>
      ) : (
        <Button type="submit" disabled={pending}>
          Enregistrer l’entretien
        </Button>
      )}
    </form>
  )
}
