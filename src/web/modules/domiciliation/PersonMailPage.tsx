import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router'
import { todayInFrance } from '../../../shared/dates.ts'
import { type MailItem, type MailProxy, proxyDisplayName } from '../../../shared/domiciliation.mail.ts'
import { MAIL_KIND, MAIL_STATUS } from '../../../shared/domiciliation.ts'
import { formatDate, formatInstant } from '../../lib/dates.ts'
import { useFormErrors } from '../../lib/use-form-errors.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { ListPagination } from '../../ui/ListPagination.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  useCreateProxy,
  useForwardMail,
  useHandOverMail,
  useMailItems,
  useMailProxies,
  useMailRecipient,
  useReturnMail,
  useRevokeProxy,
} from './mail-api.ts'

const count = (n: number) => (n > 1 ? `${n} courriers` : `${n} courrier`)

/** A domiciled person's mail: what waits (hand over, forward, return), the history, the proxies. */
export function PersonMailPage() {
  const { personId = '' } = useParams()
  const recipient = useMailRecipient(personId)
  usePageTitle(recipient.data ? `Courrier de ${recipient.data.displayName}` : 'Courrier')
  if (recipient.isPending) return <p aria-live="polite">Chargement…</p>
  if (!recipient.data) return <ErrorAlert message="Cette personne est introuvable." />
  const r = recipient.data
  return (
    <>
      <p className="fr-mb-1w">
        <Link to="/courrier">← Saisie du courrier</Link>
      </p>
      <h1>Courrier de {r.displayName}</h1>
      <p>
        Dossier {r.fileNumber} ·{' '}
        {r.period
          ? `domiciliation du ${formatDate(r.period.startOn)} au ${formatDate(r.period.endOn)}`
          : 'pas de domiciliation en cours : aucun nouveau courrier ne peut être enregistré'}
      </p>
      <WaitingMail personId={personId} />
      <Proxies personId={personId} />
      <MailHistory personId={personId} />
    </>
  )
}

function WaitingMail({ personId }: { personId: string }) {
  const waiting = useMailItems(personId, 'waiting', 1)
  const proxies = useMailProxies(personId)
  const [selected, setSelected] = useState<string[]>([])
  const [proxyId, setProxyId] = useState('')
  const [address, setAddress] = useState('')
  const form = useFormErrors()
  const handOver = useHandOverMail()
  const forward = useForwardMail()
  const returnMail = useReturnMail()
  const items = waiting.data?.items ?? []
  const chosen = selected.filter((id) => items.some((i) => i.id === id))
  const validProxies = (proxies.data ?? []).filter((p) => p.valid)

  const act = async (work: () => Promise<unknown>, done: string) => {
    if (chosen.length === 0) {
      form.show('Cochez au moins un courrier.')
      return
    }
    if (await form.run(work, done)) setSelected([])
  }

  return (
    <section className="fr-mb-4w" aria-labelledby="waiting-title">
      <h2 id="waiting-title" className="fr-h4">
        En attente ({waiting.data?.total ?? '…'})
      </h2>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {items.length === 0 ? (
        <p>Aucun courrier en attente.</p>
      ) : (
        <>
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Courrier en attente</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Tout cocher"
                      checked={chosen.length === items.length}
                      onChange={(e) => setSelected(e.target.checked ? items.map((i) => i.id) : [])}
                    />
                  </th>
                  <th scope="col">Arrivé le</th>
                  <th scope="col">Type</th>
                  <th scope="col">Expéditeur</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${MAIL_KIND.labels[item.kind]} arrivé le ${formatInstant(item.receivedAt)}`}
                        checked={chosen.includes(item.id)}
                        onChange={(e) =>
                          setSelected((ids) =>
                            e.target.checked ? [...ids, item.id] : ids.filter((id) => id !== item.id),
                          )
                        }
                      />
                    </td>
                    <td>{formatInstant(item.receivedAt)}</td>
                    <td>{MAIL_KIND.labels[item.kind]}</td>
                    <td>{item.sender ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="fr-btns-group fr-btns-group--inline-md fr-mb-2w">
            <Button
              onClick={() =>
                act(
                  () => handOver.mutateAsync({ personId, itemIds: chosen, recipient: 'person' }),
                  `${count(chosen.length)} remis à la personne.`,
                )
              }
            >
              Remettre à la personne
            </Button>
          </div>
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <div className="fr-col-12 fr-col-md-6">
              <Select
                label="Mandataire"
                hint="Seules les procurations valides aujourd’hui sont proposées."
                nativeSelectProps={{ value: proxyId, onChange: (e) => setProxyId(e.target.value) }}
                state={form.fields.proxyId ? 'error' : 'default'}
                stateRelatedMessage={form.fields.proxyId}
              >
                <option value="">Choisir un mandataire</option>
                {validProxies.map((p) => (
                  <option key={p.id} value={p.id}>
                    {proxyDisplayName(p)}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-6 fr-mb-3w">
              <Button
                priority="secondary"
                onClick={() =>
                  act(
                    () =>
                      handOver.mutateAsync({
                        personId,
                        itemIds: chosen,
                        recipient: 'proxy',
                        proxyId: proxyId || undefined,
                      }),
                    `${count(chosen.length)} remis au mandataire.`,
                  )
                }
              >
                Remettre au mandataire
              </Button>
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <Input
                label="Adresse de réexpédition"
                nativeInputProps={{ value: address, onChange: (e) => setAddress(e.target.value) }}
                state={form.fields.address ? 'error' : 'default'}
                stateRelatedMessage={form.fields.address}
              />
            </div>
            <div className="fr-col-12 fr-col-md-6 fr-mb-3w">
              <Button
                priority="secondary"
                onClick={() =>
                  act(
                    () => forward.mutateAsync({ personId, itemIds: chosen, address }),
                    `${count(chosen.length)} réexpédié(s).`,
                  )
                }
              >
                Réexpédier
              </Button>
            </div>
          </div>
          <Button
            priority="tertiary"
            iconId="fr-icon-arrow-go-back-line"
            onClick={() =>
              act(
                () => returnMail.mutateAsync({ personId, itemIds: chosen }),
                `${count(chosen.length)} retourné(s) à l’expéditeur (NPAI).`,
              )
            }
          >
            Retour à l’expéditeur (NPAI)
          </Button>
        </>
      )}
    </section>
  )
}

function Proxies({ personId }: { personId: string }) {
  const proxies = useMailProxies(personId)
  const create = useCreateProxy()
  const revoke = useRevokeProxy()
  const form = useFormErrors()
  const empty = {
    lastName: '',
    firstName: '',
    identityDocument: '',
    validFrom: todayInFrance(),
    validUntil: '',
  }
  const [values, setValues] = useState(empty)
  const field = (name: keyof typeof empty) => ({
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  })
  const state = (name: string) =>
    form.fields[name] ? { state: 'error' as const, stateRelatedMessage: form.fields[name] } : {}

  async function submit(event: FormEvent) {
    event.preventDefault()
    const saved = await form.run(
      () =>
        create.mutateAsync({
          personId,
          lastName: values.lastName,
          firstName: values.firstName || null,
          identityDocument: values.identityDocument || null,
          validFrom: values.validFrom,
          validUntil: values.validUntil || null,
        }),
      'Procuration enregistrée.',
    )
    if (saved) setValues(empty)
  }

  const validity = (p: MailProxy) =>
    p.revokedAt
      ? `révoquée le ${formatDate(p.revokedAt)}`
      : `${p.validUntil ? `du ${formatDate(p.validFrom)} au ${formatDate(p.validUntil)}` : `à partir du ${formatDate(p.validFrom)}`}${p.valid ? '' : ' (non valide aujourd’hui)'}`

  return (
    <section className="fr-mb-4w" aria-labelledby="proxies-title">
      <h2 id="proxies-title" className="fr-h4">
        Procurations
      </h2>
      <ErrorAlert message={form.error} />
      <SuccessAlert message={form.done} />
      {proxies.data?.length === 0 && <p>Aucune procuration.</p>}
      <ul>
        {proxies.data?.map((p) => (
          <li key={p.id} className="fr-mb-1w">
            <strong>{proxyDisplayName(p)}</strong>
            {p.identityDocument && ` · ${p.identityDocument}`} · {validity(p)}{' '}
            {!p.revokedAt && (
              <Button
                priority="tertiary"
                size="small"
                onClick={() => form.run(() => revoke.mutateAsync(p.id), 'Procuration révoquée.')}
              >
                {`Révoquer la procuration de ${proxyDisplayName(p)}`}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} noValidate aria-labelledby="proxy-form-title">
        <h3 id="proxy-form-title" className="fr-h6">
          Nouvelle procuration
        </h3>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Input label="Nom du mandataire" nativeInputProps={field('lastName')} {...state('lastName')} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input label="Prénom" nativeInputProps={field('firstName')} {...state('firstName')} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Pièce d’identité"
              hintText="Type et numéro, vérifiés au retrait."
              nativeInputProps={field('identityDocument')}
              {...state('identityDocument')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Valable à partir du"
              nativeInputProps={{ ...field('validFrom'), type: 'date' }}
              {...state('validFrom')}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Jusqu’au (facultatif)"
              nativeInputProps={{ ...field('validUntil'), type: 'date' }}
              {...state('validUntil')}
            />
          </div>
        </div>
        <Button type="submit" priority="secondary" disabled={create.isPending}>
          Enregistrer la procuration
        </Button>
      </form>
    </section>
  )
}

function describe(item: MailItem) {
  if (item.status === 'handed_over') {
    return item.handedTo === 'proxy' ? `Remis à ${item.proxyName ?? 'un mandataire'}` : 'Remis à la personne'
  }
  if (item.status === 'forwarded') return `Réexpédié : ${item.forwardedTo ?? ''}`
  return MAIL_STATUS.labels[item.status]
}

function MailHistory({ personId }: { personId: string }) {
  const [page, setPage] = useState(1)
  const history = useMailItems(personId, 'all', page)
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="fr-h4">
        Historique
      </h2>
      {history.data && (
        <>
          <ListPagination list={history.data} noun={['courrier', 'courriers']} onPage={setPage} />
          {history.data.items.length > 0 && (
            <div className="fr-table fr-table--no-caption">
              <table>
                <caption>Historique du courrier</caption>
                <thead>
                  <tr>
                    <th scope="col">Arrivé le</th>
                    <th scope="col">Type</th>
                    <th scope="col">Expéditeur</th>
                    <th scope="col">Suite</th>
                    <th scope="col">Le</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data.items.map((item) => (
                    <tr key={item.id}>
                      <td>{formatInstant(item.receivedAt)}</td>
                      <td>{MAIL_KIND.labels[item.kind]}</td>
                      <td>{item.sender ?? '—'}</td>
                      <td>{describe(item)}</td>
                      <td>{formatInstant(item.closedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  )
}
