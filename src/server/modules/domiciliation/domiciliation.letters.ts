import { todayInFrance } from '../../../shared/dates.ts'
import { DOMICILIATION_KIND, RADIATION_MOTIF, REFUSAL_MOTIF } from '../../../shared/domiciliation.ts'
import {
  COMMUNE_LINK,
  DOMICILIATION_DOCUMENT,
  type Domiciliation,
  type DomiciliationDocument,
  INSTABILITY_CAUSE,
  REQUEST_REASON,
  RESIDENTIAL_SITUATION,
} from '../../../shared/domiciliation-workflow.ts'
import { HOUSEHOLD_RELATIONSHIP, SEX } from '../../../shared/people.ts'
import { recordAudit } from '../../platform/audit.ts'
import { validationError } from '../../platform/errors.ts'
import { PDF_BOLD as BOLD, frenchDate, newPdf, PDF_REGULAR as REGULAR } from '../../platform/pdf.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { DocumentsService } from '../documents/documents.service.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { DomiciliationService } from './domiciliation.service.ts'

/** What each document needs the period to be. */
const PRINTABLE: Record<DomiciliationDocument, Domiciliation['status'][]> = {
  request: ['instruction', 'awaiting_decision', 'granted', 'refused', 'radiated'],
  certificate: ['granted'],
  refusal: ['refused'],
  radiation: ['radiated'],
}
const FILE_NAME: Record<DomiciliationDocument, string> = {
  request: 'demande-domiciliation',
  certificate: 'attestation-domiciliation',
  refusal: 'refus-domiciliation',
  radiation: 'radiation-domiciliation',
}

interface Identity {
  lastName: string
  usageName: string | null
  firstNames: string
  birthDate: string
  birthPlace: string
  sex: string
}
interface LetterData {
  period: Domiciliation
  person: Identity
  beneficiaries: { name: string; birthDate: string | null; relationship: string | null }[]
  organisation: { name: string; postalAddress: string | null; approvedScope: string | null }
  printedOn: string
}

/**
 * The printable documents of a period, in French with the organisation's identity: the request with
 * the content of cerfa 16029*01, the certificate with that of cerfa 16030*01, the refusal letter with
 * its re-orientation, the radiation letter.
 */
export class DomiciliationLetters {
  constructor(
    private readonly periods: DomiciliationService,
    private readonly people: Pick<PeopleService, 'get' | 'householdIdOf' | 'householdComposition'>,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
    private readonly documents: Pick<DocumentsService, 'storeGenerated'>,
  ) {}

  async data(actor: Actor, id: string, document: DomiciliationDocument): Promise<LetterData> {
    assertAllowed(actor, 'domiciliation.read')
    const read = await this.periods.db.transaction().execute(async (trx) => {
      const period = await this.periods.view(actor, id, trx)
      if (!PRINTABLE[document].includes(period.status)) {
        throw validationError(
          'document',
          `${DOMICILIATION_DOCUMENT.labels[document]} : pas pour une domiciliation à ce stade.`,
        )
      }
      await recordAudit(trx, actor, {
        action: 'domiciliation.print',
        entityType: 'domiciliation',
        entityId: id,
        personId: period.personId,
        details: { document },
      })
      const settings = await this.periods.settings.of(actor.organisationId, trx)
      const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
      const householdId = await this.people.householdIdOf(actor, period.personId, trx)
      const household = householdId ? await this.people.householdComposition(actor, householdId, trx) : null
      const covered = new Set(period.beneficiaries.map((b) => b.personId))
      return {
        period,
        beneficiaries: period.beneficiaries.map((b) => {
          const member = household?.members.find((m) => m.personId === b.personId && covered.has(m.personId))
          const relationship = b.relationship
            ? ((HOUSEHOLD_RELATIONSHIP.labels as Record<string, string>)[b.relationship] ?? b.relationship)
            : null
          return { name: b.displayName, birthDate: member?.birthDate ?? null, relationship }
        }),
        organisation: {
          name: organisation?.name ?? '',
          postalAddress: settings.postalAddress,
          approvedScope: settings.approvedScope,
        },
      }
    })
    // The civil status comes from the person's file (read and audited by its own module).
    const person = await this.people.get(actor, read.period.personId)
    return {
      ...read,
      person: {
        lastName: person.lastName ?? '',
        usageName: person.usageName ?? null,
        firstNames: person.firstNames ?? '',
        birthDate: frenchDate(person.birthDate ?? null),
        birthPlace: person.birthPlace ?? '',
        sex: person.sex ? (SEX.labels[person.sex as keyof typeof SEX.labels] ?? '') : '',
      },
      printedOn: todayInFrance(),
    }
  }

  async render(actor: Actor, id: string, document: DomiciliationDocument) {
    const data = await this.data(actor, id, document)
    const content = await renderDomiciliationPdf(document, data)
    return { fileName: `${FILE_NAME[document]}-${data.printedOn}.pdf`, content }
  }

  /**
   * Files the certificate of a period just granted in the person's documents, when the organisation
   * keeps a « Formulaire Cerfa » (or « Décision ») type; otherwise it stays generated on demand.
   */
  async fileCertificate(actor: Actor, id: string) {
    const { fileName, content } = await this.render(actor, id, 'certificate')
    const period = await this.periods.db.transaction().execute((trx) => this.periods.read(actor, id, trx))
    return this.documents.storeGenerated(actor, {
      personId: period.person_id,
      typeLabels: ['Formulaire Cerfa', 'Décision'],
      fileName,
      content,
      recordType: 'domiciliation',
      recordId: id,
    })
  }
}

const fullName = (p: Identity) =>
  [p.lastName.toUpperCase(), p.usageName ? `(nom d’usage ${p.usageName})` : null, p.firstNames]
    .filter(Boolean)
    .join(' ')
const yesNo = (answer: { value: boolean | null; detail: string | null }) =>
  answer.value === null
    ? 'Non renseigné'
    : `${answer.value ? 'Oui' : 'Non'}${answer.detail ? ` — ${answer.detail}` : ''}`

export function renderDomiciliationPdf(document: DomiciliationDocument, data: LetterData): Promise<Buffer> {
  const { doc, done } = newPdf({ title: DOMICILIATION_DOCUMENT.labels[document], margin: 55 })
  const { period, person, organisation } = data
  const line = (label: string, value: string | null | undefined) => {
    doc
      .font(BOLD)
      .fontSize(10)
      .text(`${label} : `, { continued: true })
      .font(REGULAR)
      .text(value || '—')
  }
  const heading = (text: string) => {
    doc.moveDown(0.8).font(BOLD).fontSize(11).text(text).moveDown(0.3)
  }
  // The organisation's identity heads every document.
  doc.font(BOLD).fontSize(12).text(organisation.name)
  if (organisation.postalAddress) doc.font(REGULAR).fontSize(10).text(organisation.postalAddress)
  doc.moveDown()

  switch (document) {
    case 'request': {
      const i = period.instruction
      doc.font(BOLD).fontSize(14).text('Demande d’élection de domicile', { align: 'center' })
      doc
        .font(REGULAR)
        .fontSize(9)
        .text(
          'Contenu du formulaire cerfa n° 16029*01 — articles L264-1 et suivants du code de l’action sociale et des familles',
          { align: 'center' },
        )
      heading('Nature de la demande')
      line('Type', DOMICILIATION_KIND.labels[period.kind])
      line('Date de la demande', frenchDate(period.requestedOn))
      line('Date de l’entretien', frenchDate(i.interviewOn))
      heading('Identité du demandeur')
      line('Nom, prénom(s)', fullName(person))
      line('Sexe', person.sex)
      line('Date de naissance', person.birthDate)
      line('Lieu de naissance', person.birthPlace)
      heading('Ayants droit (membres du foyer couverts)')
      beneficiariesList(doc, data)
      heading('Situation')
      line(
        'Lien avec la commune',
        [i.communeLink && COMMUNE_LINK.labels[i.communeLink], i.communeLinkDetail]
          .filter(Boolean)
          .join(' — '),
      )
      line(
        'Situation résidentielle',
        [i.residentialSituation && RESIDENTIAL_SITUATION.labels[i.residentialSituation], i.residentialDetail]
          .filter(Boolean)
          .join(' — '),
      )
      line(
        'Cause de l’instabilité du logement',
        [i.instabilityCause && INSTABILITY_CAUSE.labels[i.instabilityCause], i.instabilityDetail]
          .filter(Boolean)
          .join(' — '),
      )
      line(
        'Motif de la demande',
        [i.reasons.map((r) => REQUEST_REASON.labels[r]).join(', '), i.reasonDetail]
          .filter(Boolean)
          .join(' — '),
      )
      line('Ressources', yesNo(i.income))
      line('Orientation par un organisme', yesNo(i.orientation))
      line('Domiciliation existante ailleurs', yesNo(i.existingDomiciliation))
      line('Accompagnement social', yesNo(i.support))
      line(
        'Pièces présentées',
        i.documentIds.length ? `${i.documentIds.length} pièce(s) du dossier` : 'aucune',
      )
      doc.moveDown()
      doc
        .font(REGULAR)
        .fontSize(10)
        .text(
          'Je soussigné·e certifie sur l’honneur l’exactitude des informations ci-dessus et m’engage à ' +
            'signaler tout changement de ma situation, à me présenter ou à prendre contact avec l’organisme ' +
            'au moins une fois tous les trois mois, et à respecter son règlement de fonctionnement.',
        )
      doc.moveDown(2).text('Fait le ____________        Signature du demandeur :')
      break
    }
    case 'certificate': {
      doc.font(BOLD).fontSize(14).text('Attestation d’élection de domicile', { align: 'center' })
      doc
        .font(REGULAR)
        .fontSize(9)
        .text(
          'Contenu du formulaire cerfa n° 16030*01 — article L264-2 du code de l’action sociale et des familles',
          { align: 'center' },
        )
      heading('L’organisme domiciliataire')
      line('Nom', organisation.name)
      line('Adresse postale', organisation.postalAddress)
      if (organisation.approvedScope) line('Champ de l’agrément', organisation.approvedScope)
      heading('atteste que')
      line('Nom, prénom(s)', fullName(person))
      line('Sexe', person.sex)
      line('Date de naissance', person.birthDate)
      line('Lieu de naissance', person.birthPlace)
      doc
        .moveDown(0.5)
        .font(REGULAR)
        .fontSize(10)
        .text(
          `a élu domicile auprès de l’organisme du ${frenchDate(period.startOn)} au ${frenchDate(period.endOn)} inclus` +
            ` (${DOMICILIATION_KIND.labels[period.kind].toLowerCase()}).`,
        )
      if (period.firstDomiciledOn)
        line('Date de la première élection de domicile', frenchDate(period.firstDomiciledOn))
      heading('Adresse à utiliser pour le courrier')
      doc
        .font(REGULAR)
        .fontSize(10)
        .text(`${fullName(person)}\n${organisation.name}\n${organisation.postalAddress ?? ''}`)
      heading('Ayants droit (membres du foyer couverts par cette domiciliation)')
      beneficiariesList(doc, data)
      doc.moveDown()
      doc
        .font(REGULAR)
        .fontSize(9)
        .text(
          'Cette attestation permet l’accès aux droits et prestations sociales, l’exercice des droits civils ' +
            'et l’inscription sur les listes électorales. Elle est valable un an et renouvelable. ' +
            'Le domiciliataire doit être informé de tout changement de situation.',
        )
      doc
        .moveDown(2)
        .fontSize(10)
        .text(`Fait le ${frenchDate(data.printedOn)}, pour l’organisme (cachet et signature) :`)
      break
    }
    case 'refusal': {
      letterHead(doc, data, 'Objet : refus de votre demande d’élection de domicile')
      doc.text(
        `Vous avez demandé le ${frenchDate(period.requestedOn)} à élire domicile auprès de notre organisme. ` +
          'Nous ne pouvons pas donner suite à votre demande, pour le motif suivant : ' +
          `${period.refusalMotif ? REFUSAL_MOTIF.labels[period.refusalMotif].toLowerCase() : ''}.`,
      )
      doc.moveDown()
      doc.font(BOLD).text('Réorientation : ', { continued: true }).font(REGULAR)
      doc.text(
        `pour élire domicile, nous vous invitons à vous adresser à : ${period.refusalReorientation ?? ''}.`,
      )
      doc.moveDown()
      doc.text(
        'Vous pouvez contester cette décision par un recours gracieux auprès de notre organisme ou par un ' +
          'recours devant le tribunal administratif dans un délai de deux mois à compter de sa réception.',
      )
      doc.moveDown(2).text('Veuillez agréer, Madame, Monsieur, nos salutations distinguées.')
      break
    }
    case 'radiation': {
      letterHead(doc, data, 'Objet : fin de votre élection de domicile (radiation)')
      doc.text(
        `Votre élection de domicile auprès de notre organisme prend fin le ${frenchDate(period.radiationOn)}, ` +
          'pour le motif suivant : ' +
          `${period.radiationMotif ? RADIATION_MOTIF.labels[period.radiationMotif].toLowerCase() : ''}.`,
      )
      doc.moveDown()
      doc.text(
        'À compter de cette date, votre courrier ne pourra plus être reçu à notre adresse. Vous pouvez ' +
          'présenter une nouvelle demande si votre situation le justifie. Vous pouvez contester cette ' +
          'décision devant le tribunal administratif dans un délai de deux mois à compter de sa réception.',
      )
      doc.moveDown(2).text('Veuillez agréer, Madame, Monsieur, nos salutations distinguées.')
      break
    }
  }
  doc.end()
  return done
}

type Doc = ReturnType<typeof newPdf>['doc']

function beneficiariesList(doc: Doc, data: LetterData) {
  doc.font(REGULAR).fontSize(10)
  if (data.beneficiaries.length === 0) {
    doc.text('Aucun')
    return
  }
  for (const b of data.beneficiaries) {
    doc.text(
      `• ${b.name}${b.birthDate ? `, né·e le ${frenchDate(b.birthDate)}` : ''}${b.relationship ? ` (${b.relationship})` : ''}`,
    )
  }
}

function letterHead(doc: Doc, data: LetterData, subject: string) {
  doc.font(REGULAR).fontSize(11).text(fullName(data.person), { align: 'right' })
  doc.text(`Le ${frenchDate(data.printedOn)}`, { align: 'right' })
  doc.moveDown(2)
  doc.font(BOLD).text(subject)
  doc.moveDown()
  doc.font(REGULAR).text('Madame, Monsieur,')
  doc.moveDown()
}
