import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Badge } from '@codegouvfr/react-dsfr/Badge'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { Input } from '@codegouvfr/react-dsfr/Input'
import { Select } from '@codegouvfr/react-dsfr/Select'
import { Table } from '@codegouvfr/react-dsfr/Table'
import { Upload } from '@codegouvfr/react-dsfr/Upload'
import { zodResolver } from '@hookform/resolvers/zod'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link } from 'react-router'
import type { z } from 'zod'
import type { Agreement } from '../../../shared/accommodation-structures.ts'
import {
  PARTNER_CSV_COLUMNS,
  type Partner,
  type PartnerService,
  partnerCreateSchema,
  SERVICE_CATEGORY,
  serviceCreateSchema,
} from '../../../shared/partners.ts'
import { ApiError } from '../../lib/api-client.ts'
import { applyApiError } from '../../lib/forms.ts'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { TextField } from '../../ui/TextField.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { AgreementsBlock } from './AgreementsBlock.tsx'
import { ContactsBlock } from './ContactsBlock.tsx'
import {
  agreementsOfPartnersQuery,
  deletePartner,
  deleteService,
  importPartners,
  PARTNERS_EXPORT_URL,
  partnersQuery,
  savePartner,
  saveService,
} from './partners-api.ts'

const categoryLabel = (category: string) =>
  SERVICE_CATEGORY.labels[category as keyof typeof SERVICE_CATEGORY.labels] ?? category
/** Inputs show '' where the record holds null. */
const blanks = <T extends object>(record: T) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value ?? '']))

function PartnerForm(props: { partner?: Partner; onDone: () => void }) {
  const queryClient = useQueryClient()
  const headingId = useId()
  const [error, setError] = useState<string>()
  const form = useForm<z.input<typeof partnerCreateSchema>, unknown, z.output<typeof partnerCreateSchema>>({
    resolver: zodResolver(partnerCreateSchema),
    defaultValues: props.partner
      ? blanks({
          name: props.partner.name,
          description: props.partner.description,
          website: props.partner.website,
          email: props.partner.email,
          phone: props.partner.phone,
          address: props.partner.address,
          postalCode: props.partner.postalCode,
          city: props.partner.city,
        })
      : {},
  })
  const { errors } = form.formState
  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    try {
      await savePartner(queryClient, props.partner?.id, values)
      props.onDone()
    } catch (e) {
      setError(applyApiError(e, form.setError))
    }
  })
  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId} className="fr-mb-4w">
      <h3 id={headingId}>{props.partner ? `Modifier ${props.partner.name}` : 'Nouveau partenaire'}</h3>
      <ErrorAlert message={error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <TextField label="Nom du partenaire" error={errors.name} inputProps={form.register('name')} />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <TextField
            label="Site web"
            hint="Par exemple : www.exemple.fr"
            error={errors.website}
            inputProps={{ ...form.register('website'), type: 'url' }}
          />
        </div>
        <div className="fr-col-12">
          <Input
            label="Présentation"
            textArea
            state={errors.description ? 'error' : 'default'}
            stateRelatedMessage={errors.description?.message}
            nativeTextAreaProps={form.register('description')}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <TextField
            label="E-mail"
            error={errors.email}
            inputProps={{ ...form.register('email'), type: 'email' }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <TextField
            label="Téléphone"
            error={errors.phone}
            inputProps={{ ...form.register('phone'), type: 'tel' }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <TextField label="Adresse" error={errors.address} inputProps={form.register('address')} />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <TextField
            label="Code postal"
            error={errors.postalCode}
            inputProps={{ ...form.register('postalCode'), inputMode: 'numeric' }}
          />
        </div>
        <div className="fr-col-6 fr-col-md-4">
          <TextField label="Commune" error={errors.city} inputProps={form.register('city')} />
        </div>
      </div>
      <Button type="submit" className="fr-mr-2w">
        Enregistrer le partenaire
      </Button>
      <Button type="button" priority="secondary" onClick={props.onDone}>
        Annuler
      </Button>
    </form>
  )
}

function ServiceForm(props: { partner: Partner; service?: PartnerService; onDone: () => void }) {
  const queryClient = useQueryClient()
  const headingId = useId()
  const [error, setError] = useState<string>()
  const { service } = props
  const form = useForm<z.input<typeof serviceCreateSchema>, unknown, z.output<typeof serviceCreateSchema>>({
    resolver: zodResolver(serviceCreateSchema),
    defaultValues: service
      ? {
          ...blanks({
            name: service.name,
            description: service.description,
            address: service.address,
            postalCode: service.postalCode,
            city: service.city,
            phone: service.phone,
            email: service.email,
            openingHours: service.openingHours,
            accessConditions: service.accessConditions,
            contactName: service.contactName,
          }),
          category: service.category as z.input<typeof serviceCreateSchema>['category'],
          active: service.active,
        }
      : { active: true },
  })
  const { errors } = form.formState
  const submit = form.handleSubmit(async (values) => {
    setError(undefined)
    try {
      await saveService(
        queryClient,
        service ? { serviceId: service.id } : { partnerId: props.partner.id },
        values,
      )
      props.onDone()
    } catch (e) {
      setError(applyApiError(e, form.setError))
    }
  })
  const textArea = (
    name: 'description' | 'openingHours' | 'accessConditions',
    label: string,
    hint?: string,
  ) => (
    <Input
      label={label}
      hintText={hint}
      textArea
      state={errors[name] ? 'error' : 'default'}
      stateRelatedMessage={errors[name]?.message}
      nativeTextAreaProps={form.register(name)}
    />
  )
  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId} className="fr-mb-4w">
      <h4 id={headingId}>
        {service ? `Modifier le service ${service.name}` : `Nouveau service de ${props.partner.name}`}
      </h4>
      <ErrorAlert message={error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <TextField label="Nom du service" error={errors.name} inputProps={form.register('name')} />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Catégorie"
            state={errors.category ? 'error' : 'default'}
            stateRelatedMessage={errors.category?.message}
            nativeSelectProps={form.register('category')}
          >
            <option value="">Choisissez une catégorie</option>
            {SERVICE_CATEGORY.values.map((value) => (
              <option key={value} value={value}>
                {SERVICE_CATEGORY.labels[value]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12">{textArea('description', 'Description')}</div>
        <div className="fr-col-12 fr-col-md-6">
          {textArea('openingHours', "Horaires d'ouverture", 'Par exemple : mardi et jeudi, 9 h – 12 h')}
        </div>
        <div className="fr-col-12 fr-col-md-6">
          {textArea(
            'accessConditions',
            "Conditions d'accès",
            "Par exemple : sur orientation d'un travailleur social",
          )}
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <TextField
            label="Adresse du service"
            hint="Si elle diffère de celle du partenaire"
            error={errors.address}
            inputProps={form.register('address')}
          />
        </div>
        <div className="fr-col-6 fr-col-md-2">
          <TextField
            label="Code postal"
            error={errors.postalCode}
            inputProps={{ ...form.register('postalCode'), inputMode: 'numeric' }}
          />
        </div>
        <div className="fr-col-6 fr-col-md-4">
          <TextField label="Commune" error={errors.city} inputProps={form.register('city')} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <TextField
            label="Téléphone"
            error={errors.phone}
            inputProps={{ ...form.register('phone'), type: 'tel' }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <TextField
            label="E-mail"
            error={errors.email}
            inputProps={{ ...form.register('email'), type: 'email' }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <TextField
            label="Personne à contacter"
            error={errors.contactName}
            inputProps={form.register('contactName')}
          />
        </div>
      </div>
      <Checkbox
        options={[
          {
            label: 'Service actif',
            hintText: 'Un service inactif ne peut plus être proposé lors d’une orientation.',
            nativeInputProps: form.register('active'),
          },
        ]}
      />
      <Button type="submit" className="fr-mr-2w">
        Enregistrer le service
      </Button>
      <Button type="button" priority="secondary" onClick={props.onDone}>
        Annuler
      </Button>
    </form>
  )
}

type Editing = { kind: 'partner' } | { kind: 'newService' } | { kind: 'service'; service: PartnerService }

function PartnerSection(props: { partner: Partner; canManage: boolean; agreements: Agreement[] }) {
  const { partner } = props
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState<Editing>()
  const [error, setError] = useState<string>()
  const done = () => setEditing(undefined)
  const confirmThen = async (question: string, action: () => Promise<void>) => {
    if (!window.confirm(question)) return
    setError(undefined)
    try {
      await action()
    } catch (e) {
      setError(applyApiError(e))
    }
  }
  const address = [partner.address, [partner.postalCode, partner.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ')
  return (
    <section className="fr-mb-6w" aria-labelledby={`partner-${partner.id}`}>
      <h2 id={`partner-${partner.id}`} className="fr-h4">
        {partner.name}
      </h2>
      <ErrorAlert message={error} />
      {partner.description && <p>{partner.description}</p>}
      <ul className="fr-text--sm">
        {address && <li>Adresse : {address}</li>}
        {partner.phone && <li>Téléphone : {partner.phone}</li>}
        {partner.email && (
          <li>
            E-mail : <a href={`mailto:${partner.email}`}>{partner.email}</a>
          </li>
        )}
        {partner.website && (
          <li>
            Site web :{' '}
            <a
              href={partner.website}
              target="_blank"
              rel="noopener noreferrer"
              title={`${partner.website} — nouvelle fenêtre`}
            >
              {partner.website}
            </a>
          </li>
        )}
      </ul>
      {partner.services.length > 0 ? (
        <Table
          caption={`Services de ${partner.name}`}
          noCaption
          headers={[
            'Service',
            'Catégorie',
            'Horaires',
            "Conditions d'accès",
            'Contact',
            'État',
            ...(props.canManage ? ['Actions'] : []),
          ]}
          data={partner.services.map((s) => [
            <span key="name">
              <strong>{s.name}</strong>
              {s.description && <span className="fr-text--sm fr-mb-0 fr-hint-text">{s.description}</span>}
            </span>,
            categoryLabel(s.category),
            s.openingHours ?? '—',
            s.accessConditions ?? '—',
            [s.contactName, s.phone, s.email, [s.postalCode, s.city].filter(Boolean).join(' ')]
              .filter(Boolean)
              .join(' · ') || '—',
            s.active ? (
              <Badge key="state" severity="success" small>
                Actif
              </Badge>
            ) : (
              <Badge key="state" small>
                Inactif
              </Badge>
            ),
            ...(props.canManage
              ? [
                  <span key="actions">
                    <Button
                      size="small"
                      priority="tertiary"
                      className="fr-mr-1w"
                      onClick={() => setEditing({ kind: 'service', service: s })}
                    >
                      Modifier<span className="fr-sr-only"> le service {s.name}</span>
                    </Button>
                    <Button
                      size="small"
                      priority="tertiary"
                      onClick={() =>
                        confirmThen(`Supprimer le service « ${s.name} » ?`, () =>
                          deleteService(queryClient, s.id),
                        )
                      }
                    >
                      Supprimer<span className="fr-sr-only"> le service {s.name}</span>
                    </Button>
                  </span>,
                ]
              : []),
          ])}
        />
      ) : (
        <p className="fr-text--sm">Aucun service enregistré.</p>
      )}
      {props.canManage && !editing && (
        <div className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          <Button size="small" priority="secondary" onClick={() => setEditing({ kind: 'newService' })}>
            Ajouter un service<span className="fr-sr-only"> à {partner.name}</span>
          </Button>
          <Button size="small" priority="secondary" onClick={() => setEditing({ kind: 'partner' })}>
            Modifier<span className="fr-sr-only"> {partner.name}</span>
          </Button>
          <Button
            size="small"
            priority="tertiary"
            onClick={() =>
              confirmThen(`Supprimer « ${partner.name} » et tous ses services ?`, () =>
                deletePartner(queryClient, partner.id),
              )
            }
          >
            Supprimer<span className="fr-sr-only"> {partner.name}</span>
          </Button>
        </div>
      )}
      {props.canManage && <ContactsBlock partnerId={partner.id} partnerName={partner.name} />}
      <AgreementsBlock
        partnerId={partner.id}
        partnerName={partner.name}
        canManage={props.canManage}
        agreements={props.agreements}
      />
      {editing?.kind === 'partner' && <PartnerForm partner={partner} onDone={done} />}
      {editing?.kind === 'newService' && <ServiceForm partner={partner} onDone={done} />}
      {editing?.kind === 'service' && (
        <ServiceForm key={editing.service.id} partner={partner} service={editing.service} onDone={done} />
      )}
    </section>
  )
}

function ImportExport(props: { canManage: boolean }) {
  const queryClient = useQueryClient()
  const [file, setFile] = useState<File>()
  const [message, setMessage] = useState<string>()
  const [error, setError] = useState<ApiError | string>()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(undefined)
    setError(undefined)
    if (!file) {
      setError('Choisissez un fichier CSV.')
      return
    }
    try {
      const r = await importPartners(queryClient, file)
      setMessage(
        `Import terminé : ${r.partnersCreated} partenaire(s) et ${r.servicesCreated} service(s) ajoutés` +
          `, ${r.partnersReused} partenaire(s) déjà connu(s), ${r.servicesSkipped} service(s) déjà présent(s).`,
      )
    } catch (e) {
      setError(e instanceof ApiError ? e : applyApiError(e))
    }
  }
  return (
    <section aria-labelledby="partners-csv" className="fr-mt-6w">
      <h2 id="partners-csv">Import et export</h2>
      <p>
        <a className="fr-link fr-icon-download-line fr-link--icon-left" href={PARTNERS_EXPORT_URL} download>
          Exporter l'annuaire (CSV, format Open Referral HSDS)
        </a>
      </p>
      <p>
        <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to="/partenaires/hsds">
          Jeux de données HSDS 3 (Open Referral) : importer, exporter, correspondance des catégories
        </Link>
      </p>
      {props.canManage && (
        <form onSubmit={submit} noValidate>
          <SuccessAlert message={message} />
          {typeof error === 'string' && <ErrorAlert message={error} />}
          {error instanceof ApiError && (
            <Alert
              className="fr-mb-3w"
              severity="error"
              title={error.problem.detail}
              role="alert"
              description={
                error.problem.errors?.length ? (
                  <ul>
                    {error.problem.errors.map((e) => (
                      <li key={e.path}>{e.message}</li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
          <Upload
            label="Importer des partenaires (fichier CSV)"
            hint="Une ligne par service ; séparateur virgule ou point-virgule ; encodage UTF-8. Un partenaire déjà présent (même nom) est réutilisé ; si une ligne est invalide, rien n'est importé."
            nativeInputProps={{
              accept: '.csv,text/csv',
              onChange: (e) => setFile(e.target.files?.[0]),
            }}
          />
          <details className="fr-my-2w">
            <summary>Colonnes reconnues</summary>
            <ul className="fr-text--sm">
              {Object.entries(PARTNER_CSV_COLUMNS).map(([column, label]) => (
                <li key={column}>
                  <code>{column}</code> : {label}
                </li>
              ))}
            </ul>
          </details>
          <Button type="submit">Importer le fichier</Button>
        </form>
      )}
    </section>
  )
}

export function PartnersPage() {
  usePageTitle('Partenaires')
  const { data: me } = useMe()
  const canManage = hasPermission(me, 'partner.manage')
  const [q, setQ] = useState('')
  const [creating, setCreating] = useState(false)
  const partners = useQuery(partnersQuery(q))
  const items = partners.data?.items ?? []
  const agreements = useQuery(agreementsOfPartnersQuery(items.map((partner) => partner.id)))
  return (
    <>
      <h1>Partenaires</h1>
      <p>Annuaire des partenaires de l'organisation et des services vers lesquels orienter les personnes.</p>
      <Input
        label="Rechercher un partenaire ou un service"
        hintText="Nom, type d'aide (alimentaire, douche, logement…) ou commune, sans se soucier des accents ni des fautes de frappe"
        nativeInputProps={{ type: 'search', value: q, onChange: (e) => setQ(e.target.value) }}
      />
      {partners.error && <ErrorAlert message={applyApiError(partners.error)} />}
      {canManage &&
        (creating ? (
          <PartnerForm onDone={() => setCreating(false)} />
        ) : (
          <Button className="fr-mb-4w" iconId="fr-icon-add-line" onClick={() => setCreating(true)}>
            Ajouter un partenaire
          </Button>
        ))}
      <p aria-live="polite" className="fr-text--sm">
        {partners.data &&
          (items.length === 0
            ? q
              ? 'Aucun partenaire ne correspond à cette recherche.'
              : 'Aucun partenaire enregistré pour le moment.'
            : `${items.length} partenaire${items.length > 1 ? 's' : ''}`)}
      </p>
      {items.map((partner) => (
        <PartnerSection
          key={partner.id}
          partner={partner}
          canManage={canManage}
          agreements={agreements.data?.get(partner.id) ?? []}
        />
      ))}
      <ImportExport canManage={canManage} />
    </>
  )
}
