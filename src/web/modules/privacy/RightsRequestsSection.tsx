import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { useState } from 'react'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  RIGHTS_REQUEST_KIND,
  RIGHTS_REQUEST_OUTCOME,
  type RightsRequest,
  rightsRequestAnswerSchema,
  rightsRequestExtensionSchema,
  rightsRequestInputSchema,
} from '../../../shared/privacy.ts'
import { formatDate } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import {
  useAnswerRightsRequest,
  useCreateRightsRequest,
  useExtendRightsRequest,
  useRightsRequests,
} from './api/privacy.ts'

const kindLabel = (kind: string) =>
  RIGHTS_REQUEST_KIND.labels[kind as keyof typeof RIGHTS_REQUEST_KIND.labels] ?? kind
const outcomeLabel = (outcome: string) =>
  RIGHTS_REQUEST_OUTCOME.labels[outcome as keyof typeof RIGHTS_REQUEST_OUTCOME.labels] ?? outcome

function State({ request }: { request: RightsRequest }) {
  if (request.answeredOn && request.outcome) {
    return <>{`${outcomeLabel(request.outcome)} le ${formatDate(request.answeredOn)}`}</>
  }
  return request.late ? (
    <Badge small severity="error">
      En retard
    </Badge>
  ) : (
    <Badge small severity="info" noIcon>
      À traiter
    </Badge>
  )
}

/** Extending the deadline once, and recording the answer, of the request chosen in the register. */
function ProcessRequest({ request, onDone }: { request: RightsRequest; onDone: (message: string) => void }) {
  const extend = useExtendRightsRequest()
  const answer = useAnswerRightsRequest()
  const extendForm = useFormErrors()
  const answerForm = useFormErrors()
  const [reason, setReason] = useState('')
  const [reply, setReply] = useState({ answeredOn: todayInFrance(), outcome: 'granted', note: '' })

  const submitExtension = async (event: React.FormEvent) => {
    event.preventDefault()
    const input = extendForm.check(rightsRequestExtensionSchema, { reason })
    if (!input) return
    const done = await extendForm.run(() => extend.mutateAsync({ id: request.id, ...input }))
    if (done) onDone(`Délai prolongé : réponse due le ${formatDate(done.dueOn)}.`)
  }
  const submitAnswer = async (event: React.FormEvent) => {
    event.preventDefault()
    const input = answerForm.check(rightsRequestAnswerSchema, reply)
    if (!input) return
    const done = await answerForm.run(() => answer.mutateAsync({ id: request.id, ...input }))
    if (done) onDone(`Réponse enregistrée pour la demande de ${done.requester}.`)
  }

  return (
    <div className="fr-mt-3w">
      <h3>
        Traiter la demande de {request.requester} ({kindLabel(request.kind)})
      </h3>
      <p>
        Reçue le {formatDate(request.receivedOn)}, réponse due le {formatDate(request.dueOn)}
        {request.extended ? ` (délai prolongé : ${request.extensionReason})` : ''}.
      </p>
      {!request.extended && (
        <form onSubmit={submitExtension} noValidate>
          <ErrorAlert message={extendForm.error} />
          <Input
            label="Motif de la prolongation"
            hintText="Deux mois de plus au maximum, une seule fois : la personne en est informée dans le mois."
            nativeInputProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
            {...extendForm.state('reason')}
          />
          <Button type="submit" priority="secondary" disabled={extend.isPending}>
            Prolonger de deux mois
          </Button>
        </form>
      )}
      <form onSubmit={submitAnswer} noValidate className="fr-mt-3w">
        <ErrorAlert message={answerForm.error} />
        <Input
          label="Répondu le"
          nativeInputProps={{
            type: 'date',
            value: reply.answeredOn,
            onChange: (e) => setReply({ ...reply, answeredOn: e.target.value }),
          }}
          {...answerForm.state('answeredOn')}
        />
        <Select
          label="Réponse"
          nativeSelectProps={{
            value: reply.outcome,
            onChange: (e) => setReply({ ...reply, outcome: e.target.value }),
          }}
          {...answerForm.state('outcome')}
        >
          {RIGHTS_REQUEST_OUTCOME.values.map((value) => (
            <option key={value} value={value}>
              {RIGHTS_REQUEST_OUTCOME.labels[value]}
            </option>
          ))}
        </Select>
        <Input
          label="Motif (obligatoire pour un refus ou une réponse partielle)"
          textArea
          nativeTextAreaProps={{
            value: reply.note,
            onChange: (e) => setReply({ ...reply, note: e.target.value }),
          }}
          {...answerForm.state('note')}
        />
        <Button type="submit" disabled={answer.isPending}>
          Enregistrer la réponse
        </Button>
      </form>
    </div>
  )
}

/**
 * The register of the persons' requests, as the DPO keeps it: what was asked and when, the legal
 * deadline (a month, two more once with a reason), late requests first, the answer and its reason.
 */
export function RightsRequestsSection() {
  const [page, setPage] = useState(1)
  const requests = useRightsRequests(page)
  const create = useCreateRightsRequest()
  const createForm = useFormErrors()
  const empty = { kind: 'access', receivedOn: todayInFrance(), requester: '', fileNumber: '' }
  const [draft, setDraft] = useState(empty)
  const [selected, setSelected] = useState<string>()
  const [message, setMessage] = useState<string>()
  const chosen = requests.data?.items.find((r) => r.id === selected && !r.answeredOn)

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const input = createForm.check(rightsRequestInputSchema, draft)
    if (!input) return
    const created = await createForm.run(() => create.mutateAsync(input))
    if (created) {
      createForm.setDone(`Demande enregistrée : réponse due le ${formatDate(created.dueOn)}.`)
      setDraft(empty)
    }
  }

  return (
    <>
      <h2 className="fr-mt-5w">Demandes d’exercice des droits</h2>
      <p>
        Chaque demande reçue (accès, rectification, effacement, limitation, opposition) appelle une réponse
        dans le mois qui suit sa réception ; ce délai peut être prolongé de deux mois si la demande est
        complexe, en le disant à la personne. Un refus doit être motivé.
      </p>
      <SuccessAlert message={message} />
      {requests.data && (
        <>
          <ListPagination list={requests.data} noun={['demande', 'demandes']} onPage={setPage} />
          {requests.data.items.length > 0 && (
            <Table
              caption="Registre des demandes"
              headers={['Reçue le', 'Droit exercé', 'Demandeur', 'Dossier', 'Réponse due le', 'État', '']}
              data={requests.data.items.map((r) => [
                formatDate(r.receivedOn),
                kindLabel(r.kind),
                r.requester,
                r.fileNumber ?? '—',
                formatDate(r.dueOn),
                <State key="state" request={r} />,
                r.answeredOn ? (
                  ''
                ) : (
                  <Button
                    key="process"
                    size="small"
                    priority="secondary"
                    onClick={() => {
                      setMessage(undefined)
                      createForm.clear()
                      setSelected(r.id)
                    }}
                  >
                    Traiter la demande de {r.requester}
                  </Button>
                ),
              ])}
            />
          )}
        </>
      )}
      {chosen && (
        <ProcessRequest
          key={chosen.id}
          request={chosen}
          onDone={(done) => {
            setMessage(done)
            setSelected(undefined)
          }}
        />
      )}
      <form onSubmit={submit} noValidate className="fr-mt-3w">
        <h3>Enregistrer une demande reçue</h3>
        <ErrorAlert message={createForm.error} />
        <SuccessAlert message={createForm.done} />
        <Select
          label="Droit exercé"
          nativeSelectProps={{
            value: draft.kind,
            onChange: (e) => setDraft({ ...draft, kind: e.target.value }),
          }}
          {...createForm.state('kind')}
        >
          {RIGHTS_REQUEST_KIND.values.map((value) => (
            <option key={value} value={value}>
              {RIGHTS_REQUEST_KIND.labels[value]}
            </option>
          ))}
        </Select>
        <Input
          label="Reçue le"
          nativeInputProps={{
            type: 'date',
            value: draft.receivedOn,
            onChange: (e) => setDraft({ ...draft, receivedOn: e.target.value }),
          }}
          {...createForm.state('receivedOn')}
        />
        <Input
          label="Demandeur"
          hintText="La personne ou son représentant, tel que sur le courrier."
          nativeInputProps={{
            value: draft.requester,
            onChange: (e) => setDraft({ ...draft, requester: e.target.value }),
          }}
          {...createForm.state('requester')}
        />
        <Input
          label="Dossier concerné (son numéro, facultatif)"
          nativeInputProps={{
            value: draft.fileNumber,
            onChange: (e) => setDraft({ ...draft, fileNumber: e.target.value }),
          }}
          {...createForm.state('fileNumber')}
        />
        <Button type="submit" disabled={create.isPending}>
          Enregistrer la demande
        </Button>
      </form>
    </>
  )
}
