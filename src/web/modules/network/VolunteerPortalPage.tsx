import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type ReactNode, useEffect, useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import {
  HELP_KIND,
  NEED_URGENCY,
  RECURRENCE,
  TIME_SLOT,
  VOLUNTEER_STATUS,
  type VolunteerMe,
  type VolunteerNeed,
  type VolunteerNeedSection,
} from '../../../shared/network.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { PortalFrame, PortalSignInForm } from '../../ui/PortalSignInForm.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  useAcceptCharter,
  useAcceptNeed,
  useMemberReport,
  useNeedDone,
  usePortal,
  useReleaseNeed,
  useVolunteerLogin,
  useVolunteerLogout,
  useVolunteerMe,
  useVolunteerNeeds,
} from './api/portal.ts'
import { CARD, formatKm, HIGHLIGHTED_CARD } from './network-ui.ts'

/** The public portal of the neighbour network: sign-in, then the needs a vetted volunteer may take. */
export function VolunteerPortalPage() {
  usePageTitle('Voisins solidaires')
  const me = useVolunteerMe()
  return (
    <PortalFrame
      title="Voisins solidaires"
      me={me}
      signIn={<SignIn />}
      signed={(data) => <Signed me={data} />}
    />
  )
}

function SignIn() {
  const { organisationId } = useParams()
  const portal = usePortal(organisationId)
  const login = useVolunteerLogin()
  return (
    <>
      <p>
        Vous aidez une personne âgée de votre quartier ? Connectez-vous pour voir les besoins.{' '}
        <Link to={organisationId ? `/benevoles/inscription/${organisationId}` : '/benevoles/inscription'}>
          Pas encore inscrit ? Devenir voisin solidaire
        </Link>
      </p>
      <PortalSignInForm
        organisationId={portal.data?.organisationId}
        pending={login.isPending}
        signIn={(input) => login.mutateAsync(input)}
      />
    </>
  )
}

function Signed({ me }: { me: VolunteerMe }) {
  const logout = useVolunteerLogout()
  const charter = useAcceptCharter()
  const active = me.status === 'approved' && me.charterUpToDate
  return (
    <>
      <p>
        Bonjour {me.firstName} ·{' '}
        <Badge as="span" small>
          {VOLUNTEER_STATUS.labels[me.status]}
        </Badge>{' '}
        <Button priority="tertiary no outline" size="small" onClick={() => logout.mutate(undefined)}>
          Se déconnecter
        </Button>
      </p>
      {me.status === 'pending' && (
        <Alert
          severity="info"
          small
          description="Votre inscription attend la validation de la coordinatrice. Vous recevrez un e-mail."
        />
      )}
      {(me.status === 'refused' || me.status === 'suspended') && (
        <Alert
          severity="warning"
          small
          description="Votre compte ne permet pas de voir les besoins. Contactez la coordinatrice du réseau."
        />
      )}
      {me.status === 'approved' && !me.charterUpToDate && (
        <Alert
          severity="warning"
          title="Nouvelle version de la charte"
          description={
            <Button size="small" onClick={() => charter.mutate('2026-1')}>
              J’accepte la nouvelle charte du bénévole
            </Button>
          }
        />
      )}
      {active && <Needs />}
      {active && <MemberReportForm />}
    </>
  )
}

const STATE_LABEL: Record<VolunteerNeed['state'], string> = {
  available: 'À prendre',
  mine: 'Pris par vous',
  done: 'Réalisé',
  taken: 'Pris par un autre bénévole',
}

function Needs() {
  const [params] = useSearchParams()
  const highlighted = params.get('besoin')
  // Said above the list: a card that changes section (taken, done, given back) is drawn anew.
  const [message, setMessage] = useState<string>()
  const card = (need: VolunteerNeed) => (
    <NeedCard key={need.id} need={need} highlighted={need.id === highlighted} onChange={setMessage} />
  )
  return (
    <>
      <SuccessAlert message={message} />
      <NeedSection section="mine" title="Mes besoins en cours" empty="Aucun besoin en cours." card={card} />
      <NeedSection
        section="neighbourhood"
        title="Besoins du quartier"
        empty="Aucun besoin pour le moment."
        card={card}
      />
      <NeedSection section="done" title="Mes besoins réalisés" card={card} />
    </>
  )
}

/** One part of the list, paged on the server with its total; without `empty`, hidden while it has none. */
function NeedSection(props: {
  section: VolunteerNeedSection
  title: string
  empty?: string
  card: (need: VolunteerNeed) => ReactNode
}) {
  const [page, setPage] = useState(1)
  const needs = useVolunteerNeeds(props.section, page)
  const pageCount = needs.data ? Math.max(1, Math.ceil(needs.data.total / needs.data.pageSize)) : 1
  // A need that left this part (taken, done, given back) may empty the last page: show the one before.
  useEffect(() => {
    if (page > pageCount) setPage(pageCount)
  }, [page, pageCount])
  if (needs.isPending) return <p aria-live="polite">Chargement…</p>
  if (needs.isError) return <ErrorAlert message={applyApiError(needs.error)} />
  if (!props.empty && needs.data.total === 0) return null
  return (
    <section aria-labelledby={`besoins-${props.section}`}>
      <h2 id={`besoins-${props.section}`}>{props.title}</h2>
      {needs.data.total === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <>
          <ListPagination list={needs.data} noun={['besoin', 'besoins']} onPage={setPage} />
          {needs.data.items.map(props.card)}
        </>
      )}
    </section>
  )
}

function NeedCard(props: { need: VolunteerNeed; highlighted: boolean; onChange: (message: string) => void }) {
  const { need } = props
  const accept = useAcceptNeed()
  const done = useNeedDone()
  const release = useReleaseNeed()
  const [report, setReport] = useState('')
  const [releasing, setReleasing] = useState(false)
  const [error, setError] = useState<string>()
  const when = [
    need.wantedDate && formatDate(need.wantedDate),
    need.timeSlot && TIME_SLOT.labels[need.timeSlot].toLowerCase(),
  ]
    .filter(Boolean)
    .join(', ')
  const act = async (fn: () => Promise<unknown>, success: string) => {
    setError(undefined)
    try {
      await fn()
      props.onChange(success)
    } catch (caught) {
      setError(applyApiError(caught))
    }
  }
  const weekly = need.recurrence === 'weekly'
  return (
    <section
      className="fr-p-3w fr-mb-2w"
      aria-label={`${HELP_KIND.labels[need.kind]}${when ? `, ${when}` : ''}`}
      style={props.highlighted ? HIGHLIGHTED_CARD : CARD}
    >
      <h3 className="fr-h6 fr-mb-1w">
        {HELP_KIND.labels[need.kind]}{' '}
        <Badge as="span" small>
          {STATE_LABEL[need.state]}
        </Badge>{' '}
        {need.urgency === 'urgent' && (
          <Badge as="span" small severity="error">
            {NEED_URGENCY.labels.urgent}
          </Badge>
        )}
      </h3>
      <p className="fr-mb-1w">
        {[
          when,
          RECURRENCE.labels[need.recurrence],
          need.distanceKm !== null && `à ${formatKm(need.distanceKm)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {weekly && need.state === 'mine' && (
        <p className="fr-mb-1w fr-text--sm">
          Ce besoin revient chaque semaine : une fois réalisé, celui de la semaine suivante vous est confié.
        </p>
      )}
      {need.description && <p className="fr-mb-1w">{need.description}</p>}
      {need.senior && (
        <p className="fr-mb-1w">
          <strong>{need.senior.name}</strong>
          {need.senior.address && <> · {need.senior.address}</>}
          {need.senior.phone && <> · {need.senior.phone}</>}
          {need.senior.contact && (
            <>
              <br />
              Personne à contacter : {need.senior.contact.name} · {need.senior.contact.phone}
            </>
          )}
          {need.senior.ccasIntroduces && (
            <>
              <br />
              Le CCAS vous appellera pour organiser la rencontre.
            </>
          )}
        </p>
      )}
      <ErrorAlert message={error} />
      {need.state === 'available' && (
        <Button
          size="small"
          disabled={accept.isPending}
          onClick={() => act(() => accept.mutateAsync(need.id), 'Besoin accepté : merci !')}
        >
          J’accepte ce besoin
        </Button>
      )}
      {need.state === 'mine' && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            act(
              () => done.mutateAsync({ id: need.id, report }),
              weekly
                ? 'Besoin marqué réalisé. Merci ! Comme il revient chaque semaine, celui de la semaine suivante vous est confié : il est dans « Mes besoins en cours ».'
                : 'Besoin marqué réalisé. Merci !',
            )
          }}
        >
          <Input
            label="Compte rendu"
            hintText="Quelques mots : ce qui a été fait, si tout va bien."
            textArea
            nativeTextAreaProps={{ value: report, onChange: (e) => setReport(e.target.value), rows: 2 }}
          />
          <Button size="small" type="submit" className="fr-mr-1w fr-mb-1w" disabled={done.isPending}>
            Marquer réalisé
          </Button>
          {!releasing && (
            <Button
              size="small"
              type="button"
              priority="tertiary"
              className="fr-mb-1w"
              onClick={() => setReleasing(true)}
            >
              Je ne peux plus assurer cette aide
            </Button>
          )}
        </form>
      )}
      {need.state === 'mine' && releasing && (
        <div className="fr-mt-1w">
          <p className="fr-mb-1w">
            Le besoin redeviendra disponible pour les autres voisins solidaires, et la coordination le verra
            de nouveau en attente ; vous ne verrez plus les coordonnées de la personne. Confirmez-vous ?
          </p>
          <Button
            size="small"
            priority="secondary"
            className="fr-mr-1w fr-mb-1w"
            disabled={release.isPending}
            onClick={() =>
              act(
                () => release.mutateAsync(need.id),
                'Vous avez rendu ce besoin : il est de nouveau proposé aux autres voisins solidaires.',
              )
            }
          >
            Oui, je rends ce besoin
          </Button>
          <Button size="small" priority="tertiary" className="fr-mb-1w" onClick={() => setReleasing(false)}>
            Non, je le garde
          </Button>
        </div>
      )}
    </section>
  )
}

function MemberReportForm() {
  const send = useMemberReport()
  const [about, setAbout] = useState('')
  const [location, setLocation] = useState('')
  const [error, setError] = useState<string>()
  const [message, setMessage] = useState<string>()
  return (
    <form
      className="fr-mt-4w"
      onSubmit={async (event) => {
        event.preventDefault()
        setError(undefined)
        try {
          await send.mutateAsync({ about, location: location || undefined })
          setAbout('')
          setLocation('')
          setMessage('Merci : la coordinatrice a reçu votre signalement.')
        } catch (caught) {
          setError(applyApiError(caught))
        }
      }}
    >
      <h2>Signaler une personne isolée</h2>
      <ErrorAlert message={error} />
      <SuccessAlert message={message} />
      <Input
        label="Ce qui vous inquiète"
        textArea
        nativeTextAreaProps={{ value: about, onChange: (e) => setAbout(e.target.value), rows: 3 }}
      />
      <Input
        label="Où (facultatif)"
        nativeInputProps={{ value: location, onChange: (e) => setLocation(e.target.value) }}
      />
      <Button type="submit" priority="secondary" disabled={send.isPending}>
        Envoyer à la coordinatrice
      </Button>
    </form>
  )
}
