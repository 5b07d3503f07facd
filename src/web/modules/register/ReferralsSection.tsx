import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { REFERRAL_TEXT, type Referral, referralDismissSchema } from '../../../shared/register.ts'
import { formatInstant } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { useDismissReferral, useReferrals } from './api/register.ts'

/**
 * The reports the neighbour network's coordinator sent on: each one is registered (the entry form opens,
 * pre-filled as a third party's request) or dismissed with a reason.
 */
export function ReferralsSection({ onRegister }: { onRegister: (referral: Referral) => void }) {
  const referrals = useReferrals()
  return (
    <section className="fr-mb-4w" aria-labelledby="referrals-title">
      <h2 id="referrals-title" className="fr-h4">
        {REFERRAL_TEXT.section}
        {referrals.data && referrals.data.items.length > 0 && ` (${referrals.data.items.length})`}
      </h2>
      <p className="fr-text--sm">{REFERRAL_TEXT.intro}</p>
      <ErrorAlert message={referrals.error ? applyApiError(referrals.error) : undefined} />
      {referrals.data?.items.length === 0 && <p>{REFERRAL_TEXT.none}</p>}
      {referrals.data?.items.map((referral) => (
        <ReferralCard key={referral.id} referral={referral} onRegister={() => onRegister(referral)} />
      ))}
    </section>
  )
}

function ReferralCard({ referral, onRegister }: { referral: Referral; onRegister: () => void }) {
  const [dismissing, setDismissing] = useState(false)
  const titleId = `referral-${referral.id}`
  return (
    <article className="fr-card fr-card--no-arrow fr-card--sm fr-mb-2w" aria-labelledby={titleId}>
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h3 id={titleId} className="fr-card__title fr-text--md">
            Reçu le {formatInstant(referral.receivedAt)}
          </h3>
          <div className="fr-card__desc">
            <p className="fr-mb-1w">{referral.about}</p>
            {referral.location && (
              <p className="fr-text--sm fr-mb-1w">
                {REFERRAL_TEXT.location} : {referral.location}
              </p>
            )}
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
              <li>
                <Button onClick={onRegister}>{REFERRAL_TEXT.register}</Button>
              </li>
              <li>
                <Button
                  priority="secondary"
                  aria-expanded={dismissing}
                  onClick={() => setDismissing(!dismissing)}
                >
                  {REFERRAL_TEXT.dismiss}
                </Button>
              </li>
            </ul>
            {dismissing && <DismissForm referral={referral} />}
          </div>
        </div>
      </div>
    </article>
  )
}

type DismissValues = z.input<typeof referralDismissSchema>

function DismissForm({ referral }: { referral: Referral }) {
  const dismiss = useDismissReferral()
  const [error, setError] = useState<string>()
  const form = useForm<DismissValues>({
    resolver: zodResolver(referralDismissSchema),
    defaultValues: { reason: '' },
  })
  const reason = form.formState.errors.reason
  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    try {
      await dismiss.mutateAsync({ id: referral.id, ...values })
    } catch (caught) {
      setError(applyApiError(caught, form.setError))
    }
  })
  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert message={error} />
      <Input
        label={REFERRAL_TEXT.dismissReason}
        textArea
        state={reason ? 'error' : 'default'}
        stateRelatedMessage={reason?.message}
        nativeTextAreaProps={{ ...form.register('reason'), rows: 2 }}
      />
      <Button type="submit" priority="secondary" size="small" disabled={dismiss.isPending}>
        {REFERRAL_TEXT.dismissConfirm}
      </Button>
    </form>
  )
}
