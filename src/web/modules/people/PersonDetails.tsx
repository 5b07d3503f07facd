import { Tag } from '@codegouvfr/react-dsfr/Tag'
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import {
  FAMILY_SITUATION,
  HEALTH_COVER,
  HOUSING_SITUATION,
  LEGAL_PROTECTION,
  NATIONALITY_GROUP,
  PERSON_STATUS,
  type Person,
  REFERRAL_SOURCE,
  RESOURCE_KIND,
  SEX,
} from '../../../shared/people.ts'
import type { PersonSection } from '../../../shared/person-sections.ts'
import { colleaguesQuery, teamsQuery } from './people-api.ts'
import { formatBirth, formatCents, formatDateTime, labelOf } from './people-format.ts'

type Fact = [label: string, value: ReactNode]

/** Label/value pairs in a responsive grid of a description list. */
export function Facts({ facts }: { facts: Fact[] }) {
  return (
    <dl className="fr-grid-row fr-grid-row--gutters fr-mb-0" style={{ paddingInlineStart: 0 }}>
      {facts.map(([label, value]) => (
        <div key={label} className="fr-col-6 fr-col-lg-4">
          <dt
            className="fr-text--sm fr-text--bold fr-mb-0"
            style={{ color: 'var(--text-mention-grey)', paddingBottom: 0 }}
          >
            {label}
          </dt>
          <dd className="fr-mb-0" style={{ paddingInlineStart: 0 }}>
            {value === null || value === '' ? '—' : value}
          </dd>
        </div>
      ))}
    </dl>
  )
}

export function DetailSection(props: {
  id: string
  title: string
  children: ReactNode
  actions?: ReactNode
}) {
  return (
    <section
      aria-labelledby={props.id}
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <h2 id={props.id} className="fr-h5 fr-mb-0 fr-col">
          {props.title}
        </h2>
        {props.actions && <div className="fr-col-auto">{props.actions}</div>}
      </div>
      {props.children}
    </section>
  )
}

const list = (values: string[]) => (values.length ? values.join(', ') : null)

/** The file's sections, read-only. */
export function PersonDetails({ person, restricted }: { person: Person; restricted: boolean }) {
  const teams = useQuery(teamsQuery).data?.items ?? []
  const colleagueName = new Map((useQuery(colleaguesQuery).data?.items ?? []).map((c) => [c.id, c.name]))
  const team = teams.find((t) => t.id === person.teamId)
  const has = (section: PersonSection) => person.sections.includes(section)
  const resources = person.resources ?? []
  const relatives = person.relatives ?? []
  const totalResources = resources.reduce((sum, r) => sum + r.monthlyCents, 0)
  return (
    <>
      <DetailSection id="section-identite" title="Identité">
        <Facts
          facts={[
            ['Nom de naissance', person.lastName],
            ["Nom d'usage", person.usageName],
            ['Prénoms', person.firstNames],
            ['Surnoms, alias', list(person.aliases ?? [])],
            ['Description', person.description],
            ['Sexe', labelOf(SEX.labels, person.sex)],
            ['Naissance ou âge', formatBirth(person.birthDate ?? null, person.approximateAge ?? null)],
            ['Lieu de naissance', person.birthPlace],
            ['Nationalité', labelOf(NATIONALITY_GROUP.labels, person.nationalityGroup)],
            ['Langues parlées', list(person.languages ?? [])],
          ]}
        />
      </DetailSection>

      {has('contact') && (
        <DetailSection id="section-coordonnees" title="Coordonnées et logement">
          <Facts
            facts={[
              [
                'Téléphone',
                person.phone ? (
                  <a key="tel" href={`tel:${person.phone.replace(/\s/g, '')}`}>
                    {person.phone}
                  </a>
                ) : null,
              ],
              ['Adresse e-mail', person.email],
              [
                'Adresse',
                [person.address, [person.postalCode, person.city].filter(Boolean).join(' ')]
                  .filter(Boolean)
                  .join(', ') || null,
              ],
              ['Situation de logement', labelOf(HOUSING_SITUATION.labels, person.housingSituation)],
            ]}
          />
        </DetailSection>
      )}

      {has('resources') && (
        <DetailSection id="section-droits" title="Droits et ressources">
          <Facts
            facts={[
              ["Numéro d'allocataire CAF", person.cafNumber],
              ['Situation familiale', labelOf(FAMILY_SITUATION.labels, person.familySituation ?? null)],
              ...(restricted
                ? ([['Numéro de sécurité sociale', person.socialSecurityNumber ?? null]] as Fact[])
                : []),
            ]}
          />
          <h3 className="fr-h6 fr-mt-3w fr-mb-1w">Ressources mensuelles</h3>
          {resources.length === 0 ? (
            <p className="fr-mb-0">Aucune ressource renseignée.</p>
          ) : (
            <ul className="fr-mb-0">
              {resources.map((r, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: resources have no id; the list is read-only
                <li key={index}>
                  {labelOf(RESOURCE_KIND.labels, r.kind)} : {formatCents(r.monthlyCents)}
                </li>
              ))}
              {resources.length > 1 && (
                <li>
                  <strong>Total : {formatCents(totalResources)} par mois</strong>
                </li>
              )}
            </ul>
          )}
        </DetailSection>
      )}

      {(has('health') || has('legal')) && (
        <DetailSection id="section-famille" title="Santé, autonomie et protection">
          <Facts
            facts={[
              ...((has('health')
                ? [
                    ['Couverture santé', labelOf(HEALTH_COVER.labels, person.healthCover ?? null)],
                    ["Niveau d'autonomie (GIR)", person.gir ? `GIR ${person.gir}` : null],
                  ]
                : []) as Fact[]),
              ...((has('legal')
                ? [
                    [
                      'Mesure de protection juridique',
                      labelOf(LEGAL_PROTECTION.labels, person.legalProtection ?? null),
                    ],
                    ['Représentant·e légal·e', person.legalRepresentative ?? null],
                  ]
                : []) as Fact[]),
            ]}
          />
        </DetailSection>
      )}

      {has('relatives') && (
        <DetailSection id="section-proches" title="Proches et aidants">
          {relatives.length === 0 ? (
            <p className="fr-mb-0">Aucun proche renseigné.</p>
          ) : (
            <ul className="fr-mb-0">
              {relatives.map((r, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: relatives have no id; the list is read-only
                <li key={index}>
                  <strong>{r.name}</strong>
                  {r.relationship && ` (${r.relationship})`}
                  {r.phone && ` — ${r.phone}`}
                  {r.caregiver && ' — aidant·e'}
                </li>
              ))}
            </ul>
          )}
        </DetailSection>
      )}

      <DetailSection id="section-suivi" title="Suivi">
        <Facts
          facts={[
            ['Statut du dossier', labelOf(PERSON_STATUS.labels, person.status ?? null)],
            ['Orientée vers le CCAS par', labelOf(REFERRAL_SOURCE.labels, person.referralSource ?? null)],
            ['Équipe', team ? team.name : person.teamId ? 'Équipe inconnue' : 'Aucune équipe'],
            [
              'Référent·es',
              person.referentIds?.length
                ? person.referentIds.map((id) => colleagueName.get(id) ?? 'Ancien·ne collègue').join(', ')
                : 'Aucun·e',
            ],
            [
              'Étiquettes',
              person.tags?.length ? (
                <ul key="tags" className="fr-tags-group">
                  {person.tags.map((tag) => (
                    <li key={tag}>
                      <Tag small>{tag}</Tag>
                    </li>
                  ))}
                </ul>
              ) : null,
            ],
            ['Dossier créé le', formatDateTime(person.createdAt)],
            ['Dernière modification', formatDateTime(person.updatedAt)],
          ]}
        />
      </DetailSection>
    </>
  )
}
