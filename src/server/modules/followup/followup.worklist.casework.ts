import type { Kysely } from 'kysely'
import { addDays, timeInFrance, todayInFrance } from '../../../shared/dates.ts'
import type { Database } from '../../db/schema.ts'
import { type Actor, can } from '../../platform/permissions.ts'
import type { AppointmentsService } from '../appointments/appointments.service.ts'
import type { FollowupReferralsService } from './followup.referrals.service.ts'
import type { FollowupRightsService } from './followup.rights.service.ts'
import type { WorklistSectionProvider } from './followup.worklist.service.ts'

const EMPTY = { items: [], total: 0 }
/** Appointments shown ahead: today and the coming week, whatever the reader's `withinDays`. */
const APPOINTMENT_DAYS_AHEAD = 6

/**
 * The casework's part of a professional's worklist: their coming appointments, the rights ending of
 * the people they follow, the referrals still waiting for a partner's answer. A role without the
 * capability gets the section empty rather than the whole worklist refused.
 */
export function caseworkWorklistSections(services: {
  appointments: AppointmentsService
  rights: FollowupRightsService
  referrals: FollowupReferralsService
}): WorklistSectionProvider[] {
  return [
    {
      key: 'appointments.coming',
      title: 'Mes rendez-vous de la semaine',
      items: async (actor: Actor, db: Kysely<Database>, { today, page, pageSize }) => {
        if (!can(actor, 'appointment.read')) return EMPTY
        // One person's week is a few dozen appointments at most: paged here, read at once.
        const all = await services.appointments.plannedOf(
          actor,
          today,
          addDays(today, APPOINTMENT_DAYS_AHEAD),
          db,
        )
        return {
          total: all.length,
          items: all.slice((page - 1) * pageSize, page * pageSize).map((a) => ({
            id: a.id,
            kind: 'appointment',
            kindLabel: 'Rendez-vous',
            recordId: null,
            personId: a.personId,
            subjectName: a.displayName,
            title: [timeInFrance(new Date(a.startsAt)), a.place, a.purpose].filter(Boolean).join(' — '),
            // The day in France: an appointment at 00:30 is already tomorrow's, while UTC says today.
            dueOn: todayInFrance(new Date(a.startsAt)),
            overdue: false,
          })),
        }
      },
    },
    {
      key: 'rights.ending',
      title: 'Droits arrivant à échéance',
      items: async (actor, db, { page, pageSize }) => {
        if (!can(actor, 'rights.read')) return EMPTY
        const ending = await services.rights.ending(actor, { page, pageSize }, db)
        return {
          total: ending.total,
          items: ending.items.map((right) => ({
            id: right.rightId,
            kind: 'right',
            kindLabel: 'Droit à renouveler',
            recordId: null,
            personId: right.personId,
            subjectName: right.displayName,
            title: right.kindLabel,
            dueOn: right.openUntil,
            overdue: false,
          })),
        }
      },
    },
    {
      key: 'referrals.unanswered',
      title: 'Mes orientations sans réponse',
      items: async (actor, db, { page, pageSize }) => {
        if (!can(actor, 'referral.read')) return EMPTY
        // The professional's own referrals: the whole organisation's are on their own page.
        const waiting = await services.referrals.unanswered(actor, { page, pageSize, mine: true }, db)
        return {
          total: waiting.total,
          items: waiting.items.map((referral) => ({
            id: referral.id,
            kind: 'referral',
            kindLabel: 'Orientation sans réponse',
            recordId: referral.supportRecordId,
            personId: referral.personId,
            subjectName: referral.displayName,
            title: referral.partnerServiceName,
            dueOn: referral.answerDueOn,
            overdue: referral.overdue,
          })),
        }
      },
    },
    {
      key: 'referrals.needs_more',
      title: 'Orientations : le partenaire demande des informations',
      items: async (actor, db, { page, pageSize }) => {
        if (!can(actor, 'referral.read')) return EMPTY
        const asking = await services.referrals.needingMore(actor, { page, pageSize }, db)
        return {
          total: asking.total,
          items: asking.items.map((referral) => ({
            id: referral.id,
            kind: 'referral',
            kindLabel: 'Informations demandées par le partenaire',
            recordId: referral.supportRecordId,
            personId: referral.personId,
            subjectName: referral.displayName,
            title: [referral.partnerServiceName, referral.partnerNote].filter(Boolean).join(' — '),
            dueOn: referral.answeredOn,
            overdue: false,
          })),
        }
      },
    },
  ]
}
