import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useQuery } from '@tanstack/react-query'
import { useDeferredValue, useId, useState } from 'react'
import type { z } from 'zod'
import { todayInFrance } from '../../../shared/dates.ts'
import { PARTNER_ANSWER, type partnerReferralSchema } from '../../../shared/referrals.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import {
  personReferralsQuery,
  useAnswerReferral,
  useCreateReferral,
  usePartnerServiceSearch,
  useReplyToPartner,
} from './api/referrals.ts'

type Referral = z.infer<typeof partnerReferralSchema>
const SEVERITY = {
  pending: 'info',
  accepted: 'success',
  refused: 'error',
  no_answer: 'warning',
  needs_more: 'warning',
  done: 'success',
} as const

/**
 * The "Orientations" section: the person's referrals to partners' services and the partners' answers.
 * From a support record the referral is the follow-up's and linked to it; from the file, the desk's.
 */
export function ReferralsSection(props: { personId: string; canWrite: boolean; supportRecordId?: string }) {
  const [page, setPage] = useState(1)
  const list = useQuery(personReferralsQuery(props.personId, page))
  const [adding, setAdding] = useState(false)
  const [message, setMessage] = useState<string>()
  return (
    <section aria-labelledby="section-orientations" className="fr-mb-4w">
      <div className="fr-grid-row fr-grid-row--middle fr-mb-1w">
        <h2 id="section-orientations" className="fr-h4 fr-mb-0 fr-col">
          Orientations vers les partenaires
        </h2>
        {props.canWrite && !adding && (
          <Button
            size="small"
            priority="secondary"
            iconId="fr-icon-add-line"
            onClick={() => {
              setMessage(undefined)
              setAdding(true)
            }}
          >
            Orienter vers un partenaire
          </Button>
        )}
      </div>
      <SuccessAlert message={message} />
      {list.error && <ErrorAlert message={applyApiError(list.error)} />}
      {adding && (
        <ReferralForm
          {...props}
          onDone={(done) => {
            setAdding(false)
            if (done) setMessage('Orientation enregistrée.')
          }}
        />
      )}
      {list.data && (
        <>
          <ListPagination list={list.data} noun={['orientation', 'orientations']} onPage={setPage} />
          <ul className="fr-raw-list">
            {list.data.items.map((referral) => (
              <ReferralLine key={referral.id} referral={referral} canWrite={props.canWrite} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function ReferralLine({ referral, canWrite }: { referral: Referral; canWrite: boolean }) {
  const [answering, setAnswering] = useState(false)
  const [replying, setReplying] = useState(false)
  return (
    <li className="fr-py-1w" style={{ borderBottom: '1px solid var(--border-default-grey)' }}>
      <p className="fr-mb-0">
        <strong>{referral.partnerServiceName}</strong>{' '}
        <Badge small noIcon severity={SEVERITY[referral.answer]}>
          {PARTNER_ANSWER.labels[referral.answer]}
        </Badge>
      </p>
      <p className="fr-text--sm fr-mb-1v">
        Orientée le {formatDate(referral.referredOn)}
        {referral.answerDueOn && referral.answer === 'pending' && (
          <> · réponse attendue le {formatDate(referral.answerDueOn)}</>
        )}
        {referral.answeredOn && <> · réponse du {formatDate(referral.answeredOn)}</>}
        {referral.note && <> · {referral.note}</>}
        <> · référence {referral.reference}</>
      </p>
      {referral.answeredByPartner && (
        <p className="fr-text--sm fr-mb-1v">
          Réponse donnée par le partenaire sur sa page
          {referral.partnerNote && <> : « {referral.partnerNote} »</>}
        </p>
      )}
      {referral.answer === 'needs_more' && (
        <p className="fr-text--sm fr-mb-1v">
          <Badge small severity="warning">
            À traiter
          </Badge>{' '}
          Le partenaire attend votre réponse pour poursuivre.
        </p>
      )}
      {referral.workerReply && (
        <p className="fr-text--sm fr-mb-1v">
          Votre réponse au partenaire
          {referral.workerRepliedOn && <> du {formatDate(referral.workerRepliedOn)}</>} : «{' '}
          {referral.workerReply} »
        </p>
      )}
      {canWrite && referral.answer === 'needs_more' && !replying && (
        <Button size="small" priority="secondary" onClick={() => setReplying(true)}>
          Répondre au partenaire<span className="fr-sr-only"> {referral.partnerServiceName}</span>
        </Button>
      )}
      {replying && <ReplyForm referral={referral} onDone={() => setReplying(false)} />}
      {canWrite && referral.answer === 'pending' && !answering && (
        <Button size="small" priority="tertiary" onClick={() => setAnswering(true)}>
          Enregistrer la réponse<span className="fr-sr-only"> de {referral.partnerServiceName}</span>
        </Button>
      )}
      {answering && <AnswerForm referral={referral} onDone={() => setAnswering(false)} />}
    </li>
  )
}

/** The worker's reply to a partner that asked for more information; it reads it on its page. */
function ReplyForm({ referral, onDone }: { referral: Referral; onDone: () => void }) {
  const reply = useReplyToPartner(referral.id)
  const form = useFormErrors()
  const [note, setNote] = useState('')
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const done = await form.run(() => reply.mutateAsync({ note }))
    if (done) onDone()
  }
  return (
    <form
      onSubmit={submit}
      noValidate
      className="fr-mt-1w"
      aria-label={`Réponse à ${referral.partnerServiceName}`}
    >
      <ErrorAlert message={form.error} />
      <Input
        label="Votre réponse au partenaire"
        hintText="Le partenaire la lit sur sa page ; l’orientation attend de nouveau sa réponse."
        textArea
        nativeTextAreaProps={{ value: note, rows: 2, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        <li>
          <Button type="submit" disabled={reply.isPending}>
            Envoyer la réponse
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={onDone}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}

function AnswerForm({ referral, onDone }: { referral: Referral; onDone: () => void }) {
  const answer = useAnswerReferral(referral.id)
  const form = useFormErrors()
  const [value, setValue] = useState('accepted')
  const [answeredOn, setAnsweredOn] = useState(todayInFrance())
  const [note, setNote] = useState(referral.note ?? '')
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const done = await form.run(() =>
      answer.mutateAsync({ answer: value as 'accepted', answeredOn, note: note || null }),
    )
    if (done) onDone()
  }
  return (
    <form
      onSubmit={submit}
      noValidate
      className="fr-mt-1w"
      aria-label={`Réponse de ${referral.partnerServiceName}`}
    >
      <ErrorAlert message={form.error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Réponse du partenaire"
            nativeSelectProps={{ value, onChange: (e) => setValue(e.target.value) }}
            {...form.state('answer')}
          >
            {(['accepted', 'refused', 'no_answer'] as const).map((a) => (
              <option key={a} value={a}>
                {PARTNER_ANSWER.labels[a]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Réponse du"
            nativeInputProps={{
              type: 'date',
              value: answeredOn,
              onChange: (e) => setAnsweredOn(e.target.value),
            }}
            {...form.state('answeredOn')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Note (facultatif)"
            nativeInputProps={{ value: note, onChange: (e) => setNote(e.target.value) }}
            {...form.state('note')}
          />
        </div>
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        <li>
          <Button type="submit" disabled={answer.isPending}>
            Valider la réponse
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={onDone}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}

function ReferralForm(props: {
  personId: string
  supportRecordId?: string
  onDone: (done: boolean) => void
}) {
  const create = useCreateReferral()
  const form = useFormErrors()
  const resultsId = useId()
  const [q, setQ] = useState('')
  const search = usePartnerServiceSearch(useDeferredValue(q))
  const [service, setService] = useState<{ id: string; name: string } | null>(null)
  const [referredOn, setReferredOn] = useState(todayInFrance())
  const [answerDueOn, setAnswerDueOn] = useState('')
  const [note, setNote] = useState('')
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!service) {
      form.show('Choisissez le service partenaire.', [
        { path: 'partnerServiceId', message: 'Choisissez le service partenaire.' },
      ])
      return
    }
    const done = await form.run(() =>
      create.mutateAsync({
        personId: props.personId,
        partnerServiceId: service.id,
        origin: props.supportRecordId ? 'followup' : 'front_desk',
        supportRecordId: props.supportRecordId ?? null,
        referredOn,
        answerDueOn: answerDueOn || null,
        note: note || null,
      }),
    )
    if (done) props.onDone(true)
  }
  return (
    <form onSubmit={submit} noValidate className="fr-mb-3w" aria-labelledby="referral-form-title">
      <h3 id="referral-form-title" className="fr-h6">
        Orienter vers un partenaire
      </h3>
      <ErrorAlert message={form.error} />
      {service ? (
        <p>
          Service : <strong>{service.name}</strong>{' '}
          <Button priority="tertiary" size="small" type="button" onClick={() => setService(null)}>
            Changer de service
          </Button>
        </p>
      ) : (
        <>
          <Input
            label="Service partenaire"
            hintText="Nom du partenaire ou du service, ville…"
            nativeInputProps={{
              value: q,
              type: 'search',
              autoComplete: 'off',
              'aria-controls': resultsId,
              onChange: (e) => setQ(e.target.value),
            }}
            {...form.state('partnerServiceId')}
          />
          <ul
            id={resultsId}
            aria-label="Services partenaires trouvés"
            aria-live="polite"
            className="fr-raw-list"
          >
            {q.trim().length >= 2 &&
              search.data?.slice(0, 6).map((s) => {
                const name = `${s.partnerName} — ${s.name}`
                return (
                  <li key={s.id} className="fr-mb-1v">
                    <Button
                      priority="secondary"
                      size="small"
                      type="button"
                      onClick={() => setService({ id: s.id, name })}
                    >
                      {[name, s.city].filter(Boolean).join(' · ')}
                    </Button>
                  </li>
                )
              })}
          </ul>
        </>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Orientée le"
            nativeInputProps={{
              type: 'date',
              value: referredOn,
              onChange: (e) => setReferredOn(e.target.value),
            }}
            {...form.state('referredOn')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label="Réponse attendue le (facultatif)"
            nativeInputProps={{
              type: 'date',
              value: answerDueOn,
              onChange: (e) => setAnswerDueOn(e.target.value),
            }}
            {...form.state('answerDueOn')}
          />
        </div>
      </div>
      <Input
        label="Motif de l’orientation (facultatif)"
        textArea
        nativeTextAreaProps={{ value: note, rows: 2, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button type="submit" disabled={create.isPending}>
            Enregistrer l’orientation
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => props.onDone(false)}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}
