import { Alert } from '@codegouvfr/react-dsfr/Alert'
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { Button } from '@codegouvfr/react-dsfr/Button'
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import {
  FAMILY_SITUATION,
  HEALTH_COVER,
  HOUSING_SITUATION,
  LEGAL_PROTECTION,
  MERGEABLE_FIELDS,
  NATIONALITY_GROUP,
  type Person,
  personDisplayName,
  REFERRAL_SOURCE,
  SEX,
} from '../../../shared/people.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { errorMessage } from './form-fields.tsx'
import { LikelyDuplicates } from './LikelyDuplicates.tsx'
import { PersonPicker } from './PersonPicker.tsx'
import { mergePeople, peopleKeys, personQuery } from './people-api.ts'
import { formatDate, labelOf } from './people-format.ts'

type MergeableField = (typeof MERGEABLE_FIELDS)[number]

const FIELD_LABELS: Record<MergeableField, string> = {
  lastName: 'Nom de naissance',
  usageName: "Nom d'usage",
  firstNames: 'Prénoms',
  sex: 'Sexe',
  birthDate: 'Date de naissance',
  approximateAge: 'Âge approximatif',
  birthPlace: 'Lieu de naissance',
  nationalityGroup: 'Nationalité',
  phone: 'Téléphone',
  email: 'Adresse e-mail',
  address: 'Adresse',
  postalCode: 'Code postal',
  city: 'Commune',
  housingSituation: 'Situation de logement',
  cafNumber: "Numéro d'allocataire CAF",
  healthCover: 'Couverture santé',
  familySituation: 'Situation familiale',
  gir: "Niveau d'autonomie (GIR)",
  legalProtection: 'Mesure de protection juridique',
  legalRepresentative: 'Représentant·e légal·e',
  referralSource: 'Orientée vers le CCAS par',
}

const ENUM_LABELS: Partial<Record<MergeableField, Record<string, string>>> = {
  sex: SEX.labels,
  nationalityGroup: NATIONALITY_GROUP.labels,
  housingSituation: HOUSING_SITUATION.labels,
  healthCover: HEALTH_COVER.labels,
  familySituation: FAMILY_SITUATION.labels,
  legalProtection: LEGAL_PROTECTION.labels,
  referralSource: REFERRAL_SOURCE.labels,
}

function display(person: Person, field: MergeableField): string {
  const value = person[field]
  if (value === null || value === undefined || value === '') return '—'
  if (field === 'birthDate') return formatDate(String(value))
  if (field === 'approximateAge') return `${value} ans`
  if (field === 'gir') return `GIR ${value}`
  const labels = ENUM_LABELS[field]
  return labels ? labelOf(labels, String(value)) : String(value)
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === ''

/** The two files side by side, a checkbox per field to take the duplicate's value. */
function MergeComparison(props: { kept: Person; duplicate: Person; onChangeDuplicate: () => void }) {
  const { kept, duplicate } = props
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [take, setTake] = useState<Set<MergeableField>>(
    // Where the kept file is empty and the duplicate knows, taking the value is the obvious choice.
    () => new Set(MERGEABLE_FIELDS.filter((f) => isEmpty(kept[f]) && !isEmpty(duplicate[f]))),
  )
  const [confirmed, setConfirmed] = useState(false)
  const [confirmError, setConfirmError] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const confirmRef = useRef<HTMLDivElement>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    if (!confirmed) {
      setConfirmError('Cochez cette case pour confirmer la fusion.')
      // After the re-render that shows the message (the DSFR fieldset rebuilds its input).
      setTimeout(() => confirmRef.current?.querySelector('input')?.focus(), 0)
      return
    }
    setBusy(true)
    try {
      await mergePeople(kept.id, duplicate.id, [...take])
      await queryClient.invalidateQueries({ queryKey: peopleKeys.all })
      navigate(`/personnes/${kept.id}`, {
        state: { message: `Le dossier n° ${duplicate.fileNumber} a été fusionné dans celui-ci.` },
      })
    } catch (e) {
      setError(errorMessage(e))
      setBusy(false)
    }
  }

  const toggle = (field: MergeableField, on: boolean) =>
    setTake((current) => {
      const next = new Set(current)
      if (on) next.add(field)
      else next.delete(field)
      return next
    })

  return (
    <form onSubmit={submit} noValidate aria-labelledby="merge-compare-title">
      <h2 id="merge-compare-title" className="fr-h4">
        Comparer les deux dossiers
      </h2>
      <p>
        Le dossier conservé garde ses valeurs, sauf pour les champs que vous cochez : ils prendront la valeur
        du doublon.
      </p>
      <div className="fr-table fr-table--bordered">
        <div className="fr-table__wrapper">
          <div className="fr-table__container">
            <div className="fr-table__content">
              <table>
                <caption className="fr-sr-only">Champs des deux dossiers</caption>
                <thead>
                  <tr>
                    <th scope="col">Champ</th>
                    <th scope="col">
                      Dossier conservé
                      <br />
                      <span className="fr-text--regular">
                        {personDisplayName(kept)} (n° {kept.fileNumber})
                      </span>
                    </th>
                    <th scope="col">
                      Doublon
                      <br />
                      <span className="fr-text--regular">
                        {personDisplayName(duplicate)} (n° {duplicate.fileNumber})
                      </span>
                    </th>
                    <th scope="col">Reprendre la valeur du doublon</th>
                  </tr>
                </thead>
                <tbody>
                  {MERGEABLE_FIELDS.map((field) => {
                    const same = display(kept, field) === display(duplicate, field)
                    const nothing = isEmpty(duplicate[field])
                    const id = `prendre-${field}`
                    return (
                      <tr key={field}>
                        <th scope="row">{FIELD_LABELS[field]}</th>
                        <td>{display(kept, field)}</td>
                        <td>{display(duplicate, field)}</td>
                        <td>
                          {same && nothing ? (
                            <span className="fr-text--sm">—</span>
                          ) : same ? (
                            <span className="fr-text--sm">Identique</span>
                          ) : nothing ? (
                            <span className="fr-text--sm">Rien à reprendre</span>
                          ) : (
                            <div className="fr-checkbox-group fr-checkbox-group--sm">
                              <input
                                type="checkbox"
                                id={id}
                                checked={take.has(field)}
                                onChange={(e) => toggle(field, e.target.checked)}
                              />
                              <label className="fr-label" htmlFor={id}>
                                Reprendre
                                <span className="fr-sr-only"> « {FIELD_LABELS[field]} » du doublon</span>
                              </label>
                            </div>
                          )}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      <Alert
        className="fr-mb-3w"
        severity="info"
        title="Ce que fait la fusion"
        description={
          <ul>
            <li>
              Le doublon est rattaché au dossier conservé : tout ce qui a été enregistré sur lui (contacts,
              consentements…) apparaît désormais dans ce dossier.
            </li>
            <li>
              Ses noms deviennent des alias du dossier conservé ; ses étiquettes, langues, proches,
              référent·es et son foyer (si le dossier conservé n'en a pas) sont repris.
            </li>
            <li>
              <strong>La fusion est réversible</strong> : une copie des deux dossiers est gardée et « Annuler
              la fusion » les rétablit. Elle est inscrite au journal d'audit, avec votre nom.
            </li>
          </ul>
        }
      />
      <ErrorAlert message={error} />
      <div ref={confirmRef}>
        <Checkbox
          state={confirmError && !confirmed ? 'error' : 'default'}
          stateRelatedMessage={confirmError}
          options={[
            {
              label: 'Je confirme que ces deux dossiers concernent la même personne',
              nativeInputProps: {
                checked: confirmed,
                onChange: (e) => setConfirmed(e.target.checked),
              },
            },
          ]}
        />
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button type="submit" iconId="fr-icon-git-merge-line" disabled={busy}>
            Fusionner les dossiers
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={props.onChangeDuplicate}>
            Choisir un autre doublon
          </Button>
        </li>
        <li>
          <Button
            priority="tertiary"
            linkProps={{ to: `/personnes/${duplicate.id}/fusionner?doublon=${kept.id}` }}
          >
            Conserver plutôt le dossier n° {duplicate.fileNumber}
          </Button>
        </li>
      </ul>
    </form>
  )
}

/** /personnes/:id/fusionner — pick the duplicate of this file and merge it in (reversible). */
export function MergePage() {
  const { id = '' } = useParams()
  const [searchParams, setSearchParams] = useSearchParams()
  const duplicateId = searchParams.get('doublon') ?? ''
  const kept = useQuery(personQuery(id))
  const duplicate = useQuery({ ...personQuery(duplicateId), enabled: Boolean(duplicateId) })
  const headingRef = useRef<HTMLHeadingElement>(null)
  usePageTitle(kept.data ? `Fusionner un doublon — dossier ${kept.data.fileNumber}` : 'Fusionner un doublon')
  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  const chooseDuplicate = (personId: string | undefined) => {
    setSearchParams(personId ? { doublon: personId } : {})
  }

  return (
    <>
      <Breadcrumb
        currentPageLabel="Fusionner un doublon"
        segments={[
          { label: 'Personnes', linkProps: { to: '/personnes' } },
          {
            label: kept.data ? personDisplayName(kept.data) : 'Dossier',
            linkProps: { to: `/personnes/${id}` },
          },
        ]}
      />
      <h1 ref={headingRef} tabIndex={-1}>
        Fusionner un doublon
      </h1>
      {kept.error && <ErrorAlert message={errorMessage(kept.error)} />}
      {kept.data && (
        <>
          <p className="fr-text--lead">
            Dossier conservé : <Link to={`/personnes/${kept.data.id}`}>{personDisplayName(kept.data)}</Link>{' '}
            (n° {kept.data.fileNumber})
          </p>
          {kept.data.mergedIntoId ? (
            <Alert
              as="h2"
              severity="warning"
              title="Ce dossier est déjà fusionné dans un autre"
              description={
                <Link to={`/personnes/${kept.data.mergedIntoId}`}>Ouvrir le dossier conservé</Link>
              }
            />
          ) : duplicateId && duplicate.data ? (
            duplicate.data.mergedIntoId ? (
              <>
                <Alert
                  as="h2"
                  className="fr-mb-3w"
                  severity="warning"
                  title="Ce doublon est déjà fusionné dans un autre dossier"
                  description="Choisissez un autre dossier."
                />
                <Button priority="secondary" onClick={() => chooseDuplicate(undefined)}>
                  Choisir un autre doublon
                </Button>
              </>
            ) : (
              <MergeComparison
                key={duplicate.data.id}
                kept={kept.data}
                duplicate={duplicate.data}
                onChangeDuplicate={() => chooseDuplicate(undefined)}
              />
            )
          ) : duplicateId && duplicate.error ? (
            <ErrorAlert message={errorMessage(duplicate.error)} />
          ) : duplicateId ? (
            <p>Chargement du doublon…</p>
          ) : (
            <section aria-labelledby="merge-pick-title">
              <h2 id="merge-pick-title" className="fr-h4">
                Choisir le doublon
              </h2>
              <LikelyDuplicates
                lastName={kept.data.usageName || kept.data.lastName}
                firstNames={kept.data.firstNames}
                birthDate={kept.data.birthDate}
                phone={kept.data.phone}
                excludeId={kept.data.id}
                title="Doublons probables de ce dossier"
                severity="info"
                intro="Ces dossiers ressemblent à celui-ci. Comparez-les avant de fusionner."
                linkFor={(p) => ({
                  to: `/personnes/${id}/fusionner?doublon=${p.id}`,
                  label: `Comparer avec ${personDisplayName(p)}`,
                })}
              />
              <PersonPicker
                label="Rechercher le doublon"
                actionLabel="Comparer"
                excludeIds={[kept.data.id]}
                onPick={(p) => chooseDuplicate(p.id)}
              />
            </section>
          )}
        </>
      )}
    </>
  )
}
