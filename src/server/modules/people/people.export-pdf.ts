import { auditActionLabel } from '../../../shared/audit.ts'
import {
  CONSENT_SCOPE,
  FAMILY_SITUATION,
  HEALTH_COVER,
  HOUSEHOLD_RELATIONSHIP,
  HOUSING_SITUATION,
  LEGAL_PROTECTION,
  NATIONALITY_GROUP,
  PERSON_STATUS,
  personDisplayName,
  REFERRAL_SOURCE,
  RESOURCE_KIND,
  SEX,
} from '../../../shared/people.ts'
import { PDF_BOLD as BOLD, frenchDate, newPdf, PDF_REGULAR as REGULAR } from '../../platform/pdf.ts'
import type { PeopleExportService } from './people.export.service.ts'

type ExportData = Awaited<ReturnType<PeopleExportService['exportData']>>

const euros = (cents: number) =>
  (cents / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' }).replace(/\u202f/g, ' ')
const label = (labels: Record<string, string>, value: string | null | undefined) =>
  value ? (labels[value] ?? value) : ''

/** A readable summary of the export, for the person who asked to see their data. */
export function renderPersonExportPdf(data: ExportData): Promise<Buffer> {
  const { doc, done } = newPdf({ title: 'Vos données dans Trame', margin: 50 })

  const heading = (text: string) => doc.moveDown().font(BOLD).fontSize(13).text(text).moveDown(0.3)
  const line = (name: string, value: string | number | null | undefined) => {
    if (value === null || value === undefined || value === '') return
    doc.font(BOLD).fontSize(10).text(`${name} : `, { continued: true })
    doc.font(REGULAR).text(String(value))
  }
  const p = data.person

  doc.font(BOLD).fontSize(18).text('Données personnelles détenues par le CCAS')
  doc
    .font(REGULAR)
    .fontSize(10)
    .text(`Dossier n° ${p.fileNumber} — extrait le ${frenchDate(data.exportedAt)}`)

  heading('Identité')
  line('Nom', personDisplayName(p))
  line('Nom de naissance', p.lastName)
  line("Nom d'usage", p.usageName)
  line('Prénoms', p.firstNames)
  line('Surnoms', (p.aliases ?? []).join(', '))
  line('Description', p.description)
  line('Sexe', label(SEX.labels, p.sex))
  line('Date de naissance', frenchDate(p.birthDate ?? null))
  line('Âge approximatif', p.approximateAge == null ? null : `${p.approximateAge} ans`)
  line('Lieu de naissance', p.birthPlace)
  line('Nationalité', label(NATIONALITY_GROUP.labels, p.nationalityGroup))
  line('Langues', (p.languages ?? []).join(', '))
  line('Statut du dossier', label(PERSON_STATUS.labels, p.status))

  heading('Coordonnées et logement')
  line('Téléphone', p.phone)
  line('E-mail', p.email)
  line('Adresse', [p.address, p.postalCode, p.city].filter(Boolean).join(' '))
  line('Situation de logement', label(HOUSING_SITUATION.labels, p.housingSituation))

  heading('Droits et ressources')
  line('N° allocataire CAF', p.cafNumber)
  line('Couverture santé', label(HEALTH_COVER.labels, p.healthCover))
  line('N° de sécurité sociale', p.socialSecurityNumber)
  for (const r of p.resources ?? [])
    line(label(RESOURCE_KIND.labels, r.kind), `${euros(r.monthlyCents)} par mois`)
  line('Situation familiale', label(FAMILY_SITUATION.labels, p.familySituation))
  line('GIR', p.gir)
  line('Mesure de protection', label(LEGAL_PROTECTION.labels, p.legalProtection))
  line('Représentant légal', p.legalRepresentative)
  line('Orientation vers le CCAS', label(REFERRAL_SOURCE.labels, p.referralSource))
  for (const r of p.relatives ?? []) {
    line(
      'Proche',
      [r.name, r.relationship, r.phone, r.caregiver ? 'aidant' : null].filter(Boolean).join(', '),
    )
  }

  if (data.household) {
    heading('Foyer')
    line(
      'Adresse du foyer',
      [data.household.address, data.household.postalCode, data.household.city].filter(Boolean).join(' '),
    )
    for (const m of data.household.members) {
      line(label(HOUSEHOLD_RELATIONSHIP.labels, m.relationship), m.displayName)
    }
    line('Ressources mensuelles du foyer', euros(data.household.monthlyResourcesCents ?? 0))
  }

  heading('Consentements')
  if (data.consents.length === 0) doc.font(REGULAR).fontSize(10).text('Aucun consentement enregistré.')
  for (const c of data.consents) {
    line(
      label(CONSENT_SCOPE.labels, c.scope),
      `${c.given ? 'accepté' : 'refusé'} le ${frenchDate(c.givenOn)}`,
    )
  }

  heading('Suivi enregistré')
  for (const [kind, records] of Object.entries(data.records)) {
    line(data.recordLabels[kind] ?? kind, `${records.length} enregistrement(s), détail dans l’export JSON`)
  }
  line('Fusions de dossiers', data.merges.length || null)

  heading('Consultations du dossier')
  const byAction = new Map<string, number>()
  for (const entry of data.accessLog) byAction.set(entry.action, (byAction.get(entry.action) ?? 0) + 1)
  for (const [action, count] of byAction) line(auditActionLabel(action), count)

  doc.end()
  return done
}
