import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { type FormEvent, type ReactNode, useState } from 'react'
import type { OperatorMe } from '../../../shared/operator.ts'
import { formatDate } from '../../lib/dates.ts'
import { applyApiError } from '../../lib/forms.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { PortalFrame } from '../../ui/PortalSignInForm.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import {
  useCreateOrganisation,
  useHostedOrganisations,
  useImportOrganisation,
  useOperatorCode,
  useOperatorLogin,
  useOperatorLogout,
  useOperatorMe,
  useSuspendOrganisation,
} from './operator-api.ts'

/**
 * The hosted service's operator: their own sign-in (password, then code), the organisations with
 * counts of accounts (never a person), creating, suspending, exporting and importing one.
 */
export function OperatorPage() {
  usePageTitle('Exploitation du service')
  const me = useOperatorMe()
  return (
    <PortalFrame
      title="Exploitation du service"
      me={me}
      signIn={<SignIn />}
      signed={(data) => (data.state === 'active' ? <Organisations me={data} /> : <Code />)}
    />
  )
}

/** A form whose submission reports the server's French message, or a success line. */
function useSubmit() {
  const [error, setError] = useState<string>()
  const [success, setSuccess] = useState<string>()
  const run = (action: () => Promise<string | undefined>) => async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    setSuccess(undefined)
    try {
      setSuccess(await action())
    } catch (caught) {
      setError(applyApiError(caught))
    }
  }
  const alerts: ReactNode = (
    <>
      <ErrorAlert message={error} />
      <SuccessAlert message={success} />
    </>
  )
  return { run, alerts, setError, setSuccess }
}

function Field(props: {
  label: string
  value: string
  onChange: (v: string) => void
  type?: string
  hint?: string
}) {
  return (
    <Input
      label={props.label}
      hintText={props.hint}
      nativeInputProps={{
        type: props.type ?? 'text',
        value: props.value,
        autoComplete:
          props.type === 'password' ? 'current-password' : props.type === 'email' ? 'email' : 'off',
        onChange: (event) => props.onChange(event.target.value),
      }}
    />
  )
}

function SignIn() {
  const login = useOperatorLogin()
  const { run, alerts } = useSubmit()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  return (
    <>
      <p>Réservé à l’exploitant du service hébergé : les comptes des organisations ne s’y connectent pas.</p>
      {alerts}
      <form onSubmit={run(async () => void (await login.mutateAsync({ email, password })))}>
        <Field label="Adresse e-mail" type="email" value={email} onChange={setEmail} />
        <Field label="Mot de passe" type="password" value={password} onChange={setPassword} />
        <Button type="submit" disabled={login.isPending}>
          Se connecter
        </Button>
      </form>
    </>
  )
}

function Code() {
  const code = useOperatorCode()
  const { run, alerts } = useSubmit()
  const [value, setValue] = useState('')
  return (
    <>
      <p>Saisissez le code à 6 chiffres affiché par votre application d’authentification.</p>
      {alerts}
      <form onSubmit={run(async () => void (await code.mutateAsync({ code: value })))}>
        <Field label="Code de vérification" value={value} onChange={setValue} />
        <Button type="submit" disabled={code.isPending}>
          Valider
        </Button>
      </form>
    </>
  )
}

function Organisations({ me }: { me: OperatorMe }) {
  const list = useHostedOrganisations(true)
  const suspend = useSuspendOrganisation()
  const logout = useOperatorLogout()
  const { alerts, setError, setSuccess } = useSubmit()
  const toggle = async (id: string, name: string, suspended: boolean) => {
    setError(undefined)
    try {
      await suspend.mutateAsync({ id, suspend: !suspended })
      setSuccess(
        suspended
          ? `« ${name} » est réactivée.`
          : `« ${name} » est suspendue : ses comptes ne se connectent plus.`,
      )
    } catch (caught) {
      setError(applyApiError(caught))
    }
  }
  return (
    <>
      <p>
        Connecté·e : {me.operator.name}.{' '}
        <Button priority="tertiary" size="small" onClick={() => logout.mutate()}>
          Se déconnecter
        </Button>
      </p>
      {alerts}
      <h2>Organisations hébergées</h2>
      {list.error && <ErrorAlert message={applyApiError(list.error)} />}
      {list.data && (
        <div className="fr-table">
          <table>
            <caption>
              {list.data.total} organisation(s) : comptes des équipes, jamais les personnes suivies
            </caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Créée le</th>
                <th scope="col">État</th>
                <th scope="col">Comptes actifs</th>
                <th scope="col">Invitations en attente</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((organisation) => (
                <tr key={organisation.id}>
                  <th scope="row">{organisation.name}</th>
                  <td>{formatDate(organisation.createdAt)}</td>
                  <td>
                    {organisation.suspendedAt ? (
                      <Badge severity="error" small>
                        Suspendue
                      </Badge>
                    ) : (
                      <Badge severity="success" small>
                        Active
                      </Badge>
                    )}
                  </td>
                  <td>{organisation.users.active}</td>
                  <td>{organisation.users.invited}</td>
                  <td>
                    <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
                      <li>
                        <a
                          className="fr-btn fr-btn--sm fr-btn--secondary"
                          href={`/api/operator/organisations/${organisation.id}/export`}
                          download
                        >
                          Exporter « {organisation.name} »
                        </a>
                      </li>
                      <li>
                        <Button
                          size="small"
                          priority={organisation.suspendedAt ? 'primary' : 'tertiary'}
                          onClick={() =>
                            toggle(organisation.id, organisation.name, Boolean(organisation.suspendedAt))
                          }
                        >
                          {organisation.suspendedAt ? 'Réactiver' : 'Suspendre'} « {organisation.name} »
                        </Button>
                      </li>
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateOrganisation />
      <ImportOrganisation />
    </>
  )
}

function CreateOrganisation() {
  const create = useCreateOrganisation()
  const { run, alerts } = useSubmit()
  const [name, setName] = useState('')
  const [siteName, setSiteName] = useState('')
  const [adminName, setAdminName] = useState('')
  const [adminEmail, setAdminEmail] = useState('')
  return (
    <section className="fr-mt-6w">
      <h2>Créer une organisation</h2>
      <p>Son premier administrateur reçoit par e-mail le lien pour créer son mot de passe.</p>
      {alerts}
      <form
        onSubmit={run(async () => {
          const created = await create.mutateAsync({ name, siteName, adminName, adminEmail })
          setName('')
          setSiteName('')
          setAdminName('')
          setAdminEmail('')
          return `« ${created.name} » est créée : l’invitation est envoyée à ${adminEmail}.`
        })}
      >
        <Field
          label="Nom de l’organisation"
          value={name}
          onChange={setName}
          hint="Par exemple : CCAS de Villeneuve"
        />
        <Field label="Premier site" value={siteName} onChange={setSiteName} hint="Par exemple : Mairie" />
        <Field label="Nom de l’administrateur" value={adminName} onChange={setAdminName} />
        <Field
          label="Adresse e-mail de l’administrateur"
          type="email"
          value={adminEmail}
          onChange={setAdminEmail}
        />
        <Button type="submit" disabled={create.isPending}>
          Créer l’organisation
        </Button>
      </form>
    </section>
  )
}

function ImportOrganisation() {
  const importing = useImportOrganisation()
  const { run, alerts } = useSubmit()
  const [file, setFile] = useState<File>()
  return (
    <section className="fr-mt-6w">
      <h2>Importer une organisation</h2>
      <p>
        Le fichier ZIP exporté d’un autre Trame, à la même version. Tout est importé, ou rien ; une
        organisation déjà présente est refusée.
      </p>
      {alerts}
      <form
        onSubmit={run(async () => {
          if (!file) throw new Error('Choisissez le fichier ZIP de l’export.')
          const result = await importing.mutateAsync(file)
          const rows = Object.values(result.tables).reduce((sum, count) => sum + count, 0)
          return `« ${result.organisation.name} » est importée : ${rows} lignes, ${result.documents} document(s).`
        })}
      >
        <div className="fr-upload-group fr-mb-3w">
          <label className="fr-label" htmlFor="operator-import-file">
            Fichier de l’export
            <span className="fr-hint-text">Format ZIP, tel que le bouton « Exporter » le donne.</span>
          </label>
          <input
            className="fr-upload"
            type="file"
            id="operator-import-file"
            accept=".zip,application/zip"
            onChange={(event) => setFile(event.target.files?.[0])}
          />
        </div>
        <Button type="submit" disabled={importing.isPending}>
          Importer
        </Button>
      </form>
    </section>
  )
}
