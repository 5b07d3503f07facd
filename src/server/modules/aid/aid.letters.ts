import { AID_DECISION, AID_REFUSAL_MOTIF, type AidDecisionKind, PAYMENT_FORM } from '../../../shared/aid.ts'
import { todayInFrance } from '../../../shared/dates.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, notFound } from '../../platform/errors.ts'
import { PDF_BOLD as BOLD, frenchDate, newPdf, PDF_REGULAR as REGULAR } from '../../platform/pdf.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { OrganisationService } from '../organisation/organisation.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import { presentAgendaItem } from './aid.commission.ts'
import type { AidLettersRepository } from './aid.letters.repository.ts'
import type { AidSessionsService } from './aid.sessions.service.ts'
import { AidSettingsService } from './aid.settings.ts'

type Doc = ReturnType<typeof newPdf>['doc']
const label = (labels: Record<string, string>, code: string | null) => (code ? (labels[code] ?? code) : '')

/**
 * The commission's printed documents: the minutes of a closed session (members present, each request
 * as the settings present it to the commission, the decision, the totals) and the letter telling an
 * applicant the decision on their request, urgent or by the commission, with the means of appeal.
 */
export class AidLetters {
  constructor(
    private readonly repo: AidLettersRepository,
    private readonly sessions: AidSessionsService,
    private readonly settings: AidSettingsService,
    private readonly people: Pick<PeopleService, 'get'>,
    private readonly organisations: Pick<OrganisationService, 'publicOrganisation'>,
  ) {}

  async minutes(actor: Actor, sessionId: string) {
    assertAllowed(actor, 'aid.sessions')
    const data = await this.repo.db.transaction().execute(async (trx) => {
      const { session, members, agenda } = await this.sessions.forMinutes(actor, sessionId, trx)
      if (session.status !== 'closed') {
        throw new AppError('AID_SESSION_STATE', 409, 'Le procès-verbal s’imprime une fois la séance close.')
      }
      const settings = await this.settings.of(actor.organisationId, trx)
      const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
      await recordAudit(trx, actor, {
        action: 'aid.minutes_print',
        entityType: 'aid_session',
        entityId: sessionId,
        personIds: agenda.map((row) => row.person_id),
        details: { items: agenda.length },
      })
      return { session, members, agenda, settings, organisationName: organisation?.name ?? '' }
    })
    const { session, members, settings } = data
    const items = data.agenda.map((row) =>
      presentAgendaItem(row, session.held_on, settings.showNamesToCommission),
    )
    const { doc, done } = newPdf({ title: 'Procès-verbal de la commission des aides', margin: 50 })
    doc.font(BOLD).fontSize(12).text(data.organisationName)
    doc.moveDown()
    doc
      .font(BOLD)
      .fontSize(15)
      .text('Procès-verbal de la commission des aides facultatives', { align: 'center' })
    doc
      .font(REGULAR)
      .fontSize(10)
      .text(
        `Séance du ${frenchDate(session.held_on)}${session.starts_at ? ` à ${session.starts_at.slice(0, 5).replace(':', ' h ')}` : ''}` +
          `${session.place ? ` — ${session.place}` : ''}`,
        { align: 'center' },
      )
    heading(doc, 'Membres')
    const present = members.filter((m) => m.present)
    const absent = members.filter((m) => !m.present)
    line(doc, 'Présents', present.map((m) => m.name).join(', ') || 'aucun')
    line(doc, 'Absents ou excusés', absent.map((m) => m.name).join(', ') || 'aucun')
    line(
      doc,
      'Quorum',
      `${present.length} membre(s) présent(s) pour un quorum de ${settings.quorum} : ${present.length >= settings.quorum ? 'atteint' : 'non atteint'}`,
    )
    heading(doc, 'Demandes examinées')
    if (items.length === 0) doc.font(REGULAR).fontSize(10).text('Aucune demande à l’ordre du jour.')
    for (const item of items) {
      const who = item.applicant.name ?? item.applicant.initials
      doc
        .font(BOLD)
        .fontSize(10)
        .text(
          `${item.position}. ${who}${item.applicant.age === null ? '' : `, ${item.applicant.age} ans`} — ${item.applicant.householdType}`,
        )
      doc
        .font(REGULAR)
        .text(`${item.aidTypeLabel} : ${formatEuros(item.amountAskedCents)} demandés — ${item.purpose}`)
      const d = item.decision
      let outcome = 'Sans décision'
      if (d?.decision === 'granted') {
        outcome = `Accord : ${formatEuros(d.grantedCents ?? 0)} (${label(PAYMENT_FORM.labels, d.paymentForm).toLowerCase()})`
        if (d.derogation) outcome += ', par dérogation au règlement'
      } else if (d?.decision === 'refused') {
        outcome = `Refus : ${label(AID_REFUSAL_MOTIF.labels, d.motif).toLowerCase()}`
      } else if (d?.decision === 'adjourned') {
        outcome = `Ajournement : ${d.adjournmentReason ?? ''}`
      } else if (d?.decision === 'dismissed') {
        outcome = 'Classement sans suite'
      }
      doc.text(`Décision : ${outcome}`)
      doc.moveDown(0.4)
    }
    heading(doc, 'Totaux')
    const count = (kind: AidDecisionKind) => items.filter((i) => i.outcome === kind).length
    line(doc, 'Demandes examinées', String(items.length))
    for (const kind of AID_DECISION.values) line(doc, AID_DECISION.labels[kind], String(count(kind)))
    line(
      doc,
      'Montant total accordé',
      formatEuros(
        items.reduce((sum, i) => sum + (i.outcome === 'granted' ? (i.decision?.grantedCents ?? 0) : 0), 0),
      ),
    )
    if (session.minutes_note) {
      heading(doc, 'Observations')
      doc.font(REGULAR).fontSize(10).text(session.minutes_note)
    }
    doc
      .moveDown(2)
      .font(REGULAR)
      .fontSize(10)
      .text('Le président de séance :                    Le secrétaire de séance :')
    doc.end()
    return { fileName: `proces-verbal-commission-${session.held_on}.pdf`, content: await done }
  }

  /** The letter to the applicant: the aid, the decision, the amount or the motif, the means of appeal. */
  async decisionLetter(actor: Actor, requestId: string) {
    if (!roleAllows(actor.roles, 'aid.read') && !roleAllows(actor.roles, 'aid.sessions')) throw forbidden()
    const request = await this.repo.request(actor.organisationId, requestId)
    if (!request) throw notFound()
    const decision = await this.repo.lastDecision(requestId)
    if (!decision) {
      throw new AppError('AID_SESSION_STATE', 409, 'Aucune décision n’a encore été prise sur cette demande.')
    }
    // The name and address come from the person's file, read (and audited) by its own module, which
    // answers "not found" for a file the actor may not see: asked first, so that a refused reader
    // leaves no "letter printed" row in the audit.
    const person = await this.people.get(actor, request.person_id)
    const data = await this.repo.db.transaction().execute(async (trx) => {
      const settings = await this.settings.of(actor.organisationId, trx)
      const organisation = await this.organisations.publicOrganisation(actor.organisationId, trx)
      await recordAudit(trx, actor, {
        action: 'aid.letter_print',
        entityType: 'aid_request',
        entityId: requestId,
        personId: request.person_id,
        details: { requestId, decision: decision.decision },
      })
      return { settings, organisationName: organisation?.name ?? '' }
    })
    const { settings } = data
    const printedOn = todayInFrance()
    const { doc, done } = newPdf({ title: 'Décision sur une demande d’aide', margin: 55 })
    doc.font(BOLD).fontSize(12).text(data.organisationName)
    doc.moveDown(2)
    const name = [person.lastName?.toUpperCase(), person.firstNames].filter(Boolean).join(' ')
    doc.font(REGULAR).fontSize(11).text(name, { align: 'right' })
    const address = [person.address ?? '', [person.postalCode, person.city].filter(Boolean).join(' ')]
    for (const addressLine of address.filter((part) => part !== '')) doc.text(addressLine, { align: 'right' })
    doc.moveDown().text(`Le ${frenchDate(printedOn)}`, { align: 'right' })
    doc.moveDown(2)
    doc.font(BOLD).text(`Objet : votre demande d’aide — ${request.aid_type_label}`)
    doc.moveDown()
    doc.font(REGULAR).text('Madame, Monsieur,')
    doc.moveDown()
    doc.text(
      `Vous avez demandé le ${frenchDate(request.requested_on)} une aide « ${request.aid_type_label} » d’un montant de ` +
        `${formatEuros(request.amount_asked_cents)}, pour le motif suivant : ${request.purpose}.`,
    )
    doc.moveDown()
    const by =
      decision.channel === 'commission'
        ? `la commission des aides, réunie le ${frenchDate(decision.held_on ?? decision.decided_on)}`
        : `décision d’urgence du ${frenchDate(decision.decided_on)}`
    doc.font(BOLD).text(`Décision : ${AID_DECISION.labels[decision.decision]}`)
    doc.font(REGULAR)
    switch (decision.decision) {
      case 'granted':
        doc.text(
          `Par ${decision.channel === 'commission' ? 'décision de ' : ''}${by}, une aide de ` +
            `${formatEuros(request.granted_cents ?? 0)} vous est accordée. Elle sera versée sous la forme suivante : ` +
            `${label(PAYMENT_FORM.labels, request.payment_form).toLowerCase()}` +
            `${request.payment_form === 'creditor' && request.creditor_name ? ` (${request.creditor_name})` : ''}.`,
        )
        break
      case 'refused':
        doc.text(
          `Par ${decision.channel === 'commission' ? 'décision de ' : ''}${by}, votre demande est refusée, pour le motif suivant : ` +
            `${label(AID_REFUSAL_MOTIF.labels, request.refusal_motif).toLowerCase()}.`,
        )
        break
      case 'adjourned':
        doc.text(
          `Réunie le ${frenchDate(decision.held_on ?? decision.decided_on)}, la commission des aides a ajourné l’examen ` +
            `de votre demande dans l’attente de : ${request.adjournment_reason ?? ''}. Elle sera examinée lors d’une ` +
            'prochaine séance.',
        )
        break
      case 'dismissed':
        doc.text(
          `Votre demande a été classée sans suite${request.closed_reason ? ` : ${request.closed_reason}` : ''}.`,
        )
        break
    }
    if (decision.decision !== 'adjourned') {
      doc.moveDown()
      doc.font(BOLD).text('Voies de recours')
      doc.font(REGULAR).text(AidSettingsService.appealTextOf(settings))
    }
    doc.moveDown(2).text('Veuillez agréer, Madame, Monsieur, nos salutations distinguées.')
    doc.end()
    return { fileName: `decision-aide-${printedOn}.pdf`, content: await done }
  }
}

function heading(doc: Doc, text: string) {
  doc.moveDown(0.8).font(BOLD).fontSize(11).text(text).moveDown(0.3)
}

function line(doc: Doc, name: string, value: string) {
  doc
    .font(BOLD)
    .fontSize(10)
    .text(`${name} : `, { continued: true })
    .font(REGULAR)
    .text(value || '—')
}
