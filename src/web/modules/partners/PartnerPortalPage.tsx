import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import {
  PARTNER_PORTAL_ANSWER,
  type PartnerMe,
  type PartnerPortalAnswer,
  type PartnerPortalReferral,
} from '../../../shared/partner-portal.ts'
import { PARTNER_ANSWER } from '../../../shared/referrals.ts'
import { formatDate } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { PortalFrame, PortalSignInForm } from '../../ui/PortalSignInForm.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  useAnswerReferral,
  usePartnerLogin,
  usePartnerLogout,
  usePartnerMe,
  usePartnerPortal,
  usePartnerReferrals,
  useRequestPartnerPasswordReset,
} from './portal-api.ts'

const SEVERITY = {
  pending: 'info',
  accepted: 'success',
  refused: 'error',
  no_answer: 'warning',
  needs_more: 'warning',
  done: 'success',
} as const
const CLOSED = ['refused', 'done']

/** The partner page: a partner's contact signs in, then answers the referrals addressed to their partner. */
export function PartnerPortalPage() {
  usePageTitle('Page partenaire')
  const me = usePartnerMe()
  return (
    <PortalFrame
      title="Page partenaire"
      me={me}
      signIn={<SignIn />}
      signed={(data) => <Referrals me={data} />}
    />
  )
}

function SignIn() {
  const [search] = useSearchParams()
  const portal = usePartnerPortal(search.get('organisation') ?? undefined)
  const login = usePartnerLogin()
  return (
    <>
      <p>
        Vous répondez aux orientations que {portal.data?.organisationName ?? 'le CCAS'} adresse à votre
        structure. Connectez-vous avec l’adresse à laquelle vous avez reçu votre invitation.
      </p>
      <PortalSignInForm
        organisationId={portal.data?.organisationId}
        pending={login.isPending}
        signIn={(input) => login.mutateAsync(input)}
      />
      <ForgottenPassword organisationId={portal.data?.organisationId} />
    </>
  )
}

/** « Mot de passe oublié » : a one-time link by e-mail; the answer never says whether the address has an account. */
function ForgottenPassword({ organisationId }: { organisationId: string | undefined }) {
  const request = useRequestPartnerPasswordReset()
  const form = useFormErrors()
  const [open, setOpen] = useState(false)
  const [email, setEmail] = useState('')
  if (!open) {
    return (
      <p className="fr-mt-2w">
        <Button priority="tertiary no outline" size="small" onClick={() => setOpen(true)}>
          Mot de passe oublié ?
        </Button>
      </p>
    )
  }
  return (
    <form
      className="fr-mt-3w"
      aria-label="Mot de passe oublié"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault()
        if (!organisationId) return
        // The answer carries no body (202): `run`'s message says it is sent, whatever the address.
        await form.run(
          () => request.mutateAsync({ organisationId, email }),
          `Si ${email} a un compte sur cette page partenaire, un lien pour choisir un nouveau mot de passe vient de lui être envoyé (valable 1 heure).`,
        )
      }}
    >
      <h2 className="fr-h6">Mot de passe oublié</h2>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      <Input
        label="Adresse e-mail de votre compte"
        nativeInputProps={{
          type: 'email',
          value: email,
          autoComplete: 'email',
          onChange: (e) => setEmail(e.target.value),
        }}
        {...form.state('email')}
      />
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button type="submit" disabled={request.isPending || !organisationId}>
            Recevoir un lien
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  )
}

function Referrals({ me }: { me: PartnerMe }) {
  const logout = usePartnerLogout()
  const [page, setPage] = useState(1)
  const list = usePartnerReferrals(page)
  return (
    <>
      <p>
        {me.name} · {me.partnerName} ·{' '}
        <Button priority="tertiary no outline" size="small" onClick={() => logout.mutate(undefined)}>
          Se déconnecter
        </Button>
      </p>
      <h2>Orientations adressées à {me.partnerName}</h2>
      <p className="fr-text--sm">
        Le nom et les coordonnées d’une personne n’apparaissent que si elle a accepté leur partage avec les
        partenaires ; sinon, seule la référence de l’orientation est indiquée : le CCAS vous la précisera.
      </p>
      {list.data && (
        <>
          <ListPagination list={list.data} noun={['orientation', 'orientations']} onPage={setPage} />
          <ul className="fr-raw-list">
            {list.data.items.map((referral) => (
              <ReferralCard key={referral.id} referral={referral} />
            ))}
          </ul>
        </>
      )}
    </>
  )
}

function ReferralCard({ referral }: { referral: PartnerPortalReferral }) {
  const [answering, setAnswering] = useState(false)
  const [message, setMessage] = useState<string>()
  const title = referral.person ? referral.person.displayName : `Orientation ${referral.reference}`
  return (
    <li className="fr-card fr-p-2w fr-mb-2w">
      <h3 className="fr-h6 fr-mb-1v">
        {title}{' '}
        <Badge small noIcon severity={SEVERITY[referral.answer]}>
          {PARTNER_ANSWER.labels[referral.answer]}
        </Badge>
      </h3>
      <p className="fr-text--sm fr-mb-1v">
        {referral.serviceName} · orientée le {formatDate(referral.referredOn)}
        {referral.answerDueOn && <> · réponse attendue le {formatDate(referral.answerDueOn)}</>} · référence{' '}
        {referral.reference}
      </p>
      {referral.person ? (
        <p className="fr-text--sm fr-mb-1v">
          {referral.person.birthDate && <>Née ou né le {formatDate(referral.person.birthDate)} · </>}
          {referral.person.phone && <>Téléphone {referral.person.phone} · </>}
          {referral.person.email && <>{referral.person.email} · </>}
          {referral.details ?? 'Pas de précision du travailleur social.'}
        </p>
      ) : (
        <p className="fr-text--sm fr-mb-1v">La personne n’a pas accepté le partage de ses informations.</p>
      )}
      {referral.partnerNote && (
        <p className="fr-text--sm fr-mb-1v">Votre réponse : « {referral.partnerNote} »</p>
      )}
      {referral.workerReply && (
        <p className="fr-text--sm fr-mb-1v">
          <strong>Réponse du CCAS</strong>
          {referral.workerRepliedOn && <> du {formatDate(referral.workerRepliedOn)}</>} : «{' '}
          {referral.workerReply} »
        </p>
      )}
      <SuccessAlert message={message} />
      {!CLOSED.includes(referral.answer) && !answering && (
        <Button size="small" priority="secondary" onClick={() => setAnswering(true)}>
          Répondre<span className="fr-sr-only"> à l’orientation {referral.reference}</span>
        </Button>
      )}
      {answering && (
        <AnswerForm
          referral={referral}
          onDone={(done) => {
            setAnswering(false)
            if (done) setMessage('Votre réponse est transmise au CCAS.')
          }}
        />
      )}
    </li>
  )
}

function AnswerForm(props: { referral: PartnerPortalReferral; onDone: (done: boolean) => void }) {
  const answer = useAnswerReferral()
  const [value, setValue] = useState<PartnerPortalAnswer>('accepted')
  const [note, setNote] = useState('')
  const form = useFormErrors()
  return (
    <form
      className="fr-mt-1w"
      noValidate
      aria-label={`Réponse à l’orientation ${props.referral.reference}`}
      onSubmit={async (event) => {
        event.preventDefault()
        const done = await form.run(() =>
          answer.mutateAsync({ id: props.referral.id, answer: value, note: note || null }),
        )
        if (done) props.onDone(true)
      }}
    >
      <ErrorAlert message={form.error} />
      <Select
        label="Votre réponse"
        nativeSelectProps={{ value, onChange: (e) => setValue(e.target.value as PartnerPortalAnswer) }}
        {...form.state('answer')}
      >
        {PARTNER_PORTAL_ANSWER.values.map((a) => (
          <option key={a} value={a}>
            {PARTNER_PORTAL_ANSWER.labels[a]}
          </option>
        ))}
      </Select>
      <Input
        textArea
        label="Note pour le CCAS"
        hintText="Facultative, sauf pour demander des informations : dites lesquelles."
        nativeTextAreaProps={{ value: note, rows: 3, onChange: (e) => setNote(e.target.value) }}
        {...form.state('note')}
      />
      <div className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <Button type="submit" size="small" disabled={answer.isPending}>
          Envoyer la réponse
        </Button>
        <Button type="button" size="small" priority="tertiary" onClick={() => props.onDone(false)}>
          Annuler
        </Button>
      </div>
    </form>
  )
}
