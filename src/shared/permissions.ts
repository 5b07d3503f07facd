import type { Role } from './roles.ts'

/**
 * The one permission table of Trame. The server checks it in services (with the organisation and
 * confidentiality rules on top, see server/platform/permissions.ts); the web app reads it only to
 * hide what a role cannot do.
 */
export const ACTIONS = [
  'organisation.manage',
  'user.manage',
  /** Confirming a grant of the director or administrator role asked by another administrator. */
  'user.role_grant.confirm',
  'audit.read',
  'person.read',
  'person.write',
  'indicators.read',
  /** The social security number, kept in a restricted field of the person's file. */
  'person.read_restricted',
  /** Merging two files of one person, and undoing it. */
  'person.merge',
  /** Everything Trame holds about a person, for an access request (RGPD art. 15). */
  'person.export',
  /**
   * Finding the files the retention sweeper archived (out of searches by default) and bringing one
   * back to the active base when the person returns: the archive is read-only until then.
   */
  'person.reactivate',
  /** Front desk contacts (passages, calls…) and the teams' follow-up queues. */
  'contact.read',
  'contact.write',
  /** The organisation's list of contact reasons. */
  'frontdesk.configure',
  'partner.read',
  'partner.manage',
  /** Shares rule and tariff brackets of the social pricing. */
  'pricing.manage',
  /** Street outreach: rounds, encounters, places, the team's caseload, families with incomplete rights. */
  'outreach.read',
  'outreach.write',
  /** The list of items handed out during rounds, the caseload alert delay, the report triage delay. */
  'outreach.configure',
  /** Entering a report (signalement) received from a partner, the municipal police or at the desk. */
  'report.create',
  /** The reports triage queue: read, assign, close. */
  'report.triage',
  /**
   * The vulnerable-persons register (CASF L121-6-1): read and keep entries, make the calls of an alert
   * campaign. The role is not enough: only members of the team the organisation designates for the
   * register, and the director, reach it (see register.service.ts).
   */
  'register.read',
  'register.write',
  /** Activating and closing an alert plan (heatwave, extreme cold): the director. */
  'register.alert',
  /** Designating the register team and the campaigns' call rules. */
  'register.configure',
  /** Neighbour network: vetting volunteers, the needs, matching and offers, member reports, dashboard. */
  'network.coordinate',
  /** Neighbour network: entering a senior's need for help (the seniors line, the coordinator). */
  'network.need.create',
  /** Follow-up (accompagnement): support records, their goals and referents, interviews. */
  'followup.read',
  'followup.write',
  /** The organisation's list of support types. */
  'followup.configure',
  /** Rights (droits) of a person and household: CSS, PUMa/AME, RSA, housing benefit… */
  'rights.read',
  'rights.write',
  /** The organisation's own kinds of rights and the delay of "rights ending soon". */
  'rights.configure',
  /** Instructing RSA applications at the CCAS, up to the contrat d'engagement réciproque. */
  'rsa.instruct',
  /** Referrals of people to partners' services, and the partners' answers. */
  'referral.read',
  'referral.write',
  /** A person's documents (GED): list, view, download; upload and delete. The file's rules apply too. */
  'document.read',
  'document.write',
  /** The organisation's list of document types. */
  'document.configure',
  /** Appointments: professionals' weeks, a person's appointments; booking and saying what happened. */
  'appointment.read',
  'appointment.write',
  /**
   * Domiciliation (élection de domicile): a person's periods, their instruction and history. Who may
   * grant, refuse, radiate and undo is the organisation's setting (director by default), on top.
   */
  'domiciliation.read',
  'domiciliation.instruct',
  /** Logging mail as it arrives and handing it over: what the front desk needs, no more. */
  'domiciliation.mail',
  /** Deciding roles, the no-contact delay, the postal address printed on certificates. */
  'domiciliation.configure',
  /** Bringing people over from a DomiFa export, and exporting the domiciled people. */
  'domiciliation.import',
  /** Aid requests of the people one follows: reading them, with their budget and decisions. */
  'aid.read',
  /** Building a request (budget, documents, assessment), submitting it, withdrawing it. Deciding
   * one urgently also needs the role to be among the aid's urgent deciders (the règlement). */
  'aid.request',
  /** Sitting in the commission: only the requests on the agenda of one's own sessions. */
  'aid.commission',
  /** Planning sessions, building their agendas, recording attendance, decisions and minutes. */
  'aid.sessions',
  /** Recording payments and reading the funds' consumption. */
  'aid.pay',
  /** Receiving numbered vouchers, handing them out, counting the showers' daily use. */
  'aid.vouchers',
  /** Registering people for a seasonal campaign and recording what they received. */
  'aid.campaign',
  /** The règlement: funds, budgets voted, aids and their rules, voucher kinds, campaigns, settings. */
  'aid.configure',
  /** Accommodation: structures, the occupancy board with names, stays, waiting lists. */
  'accommodation.read',
  /** Entering an admission request (its social part) and withdrawing it. */
  'accommodation.request',
  /**
   * The medical part of admission requests and the medical opinions (admission, renewal): nurses
   * and doctors; the organisation may add roles (the director included), never by default.
   */
  'accommodation.medical',
  /** Validating an admission (or refusing it) where the structure requires it: the director. */
  'accommodation.validate',
  /** Admitting to a place, renewing, moving, ending a stay; closing a place for a while. */
  'accommodation.manage',
  /** Leases held by the organisation, subleases, monthly rents and the slide of a lease. */
  'accommodation.leases',
  /** Structures, units and places, partners' agreements, the accommodation settings. */
  'accommodation.configure',
  /** Group activities: the activities, their sessions, who took part (by name), the distinct count. */
  'activities.read',
  /** Creating activities and sessions, registering people and recording attendance and counts. */
  'activities.manage',
  /** The organisation's list of activity kinds. */
  'activities.configure',
  /** Privacy: retention rules, the sweeper's preview and run reports, legal holds (no person file). */
  'privacy.read',
  /** Placing and releasing a legal hold on a file (litigation, an ongoing request). */
  'privacy.hold',
  /** The retention periods, within the bounds of the CNIL's référentiels. */
  'privacy.configure',
  /** The register of the persons' requests (access, rectification, erasure…), with their deadlines. */
  'privacy.requests',
  /** The unusual-reading alerts: who read an unusual number of files in an hour (counts, no person). */
  'privacy.alerts',
] as const
export type Action = (typeof ACTIONS)[number]

const PERMISSIONS: Record<Role, readonly Action[]> = {
  administrator: [
    'organisation.manage',
    'user.manage',
    'user.role_grant.confirm',
    'audit.read',
    'indicators.read',
    'frontdesk.configure',
    'partner.read',
    'partner.manage',
    'pricing.manage',
    'outreach.configure',
    'register.configure',
    'followup.configure',
    'rights.configure',
    'document.configure',
    'domiciliation.configure',
    'aid.configure',
    'accommodation.configure',
    'activities.configure',
    'privacy.read',
    'privacy.configure',
  ],
  director: [
    'privacy.read',
    'privacy.hold',
    'privacy.requests',
    'privacy.alerts',
    'user.role_grant.confirm',
    'person.read',
    'person.write',
    'contact.read',
    'contact.write',
    'indicators.read',
    'audit.read',
    'person.read_restricted',
    'person.merge',
    'person.export',
    'person.reactivate',
    'frontdesk.configure',
    'partner.read',
    'partner.manage',
    'pricing.manage',
    'outreach.read',
    'outreach.write',
    'outreach.configure',
    'report.create',
    'report.triage',
    'register.read',
    'register.write',
    'register.alert',
    'register.configure',
    'network.coordinate',
    'network.need.create',
    'followup.read',
    'followup.write',
    'followup.configure',
    'rights.read',
    'rights.write',
    'rights.configure',
    'rsa.instruct',
    'document.read',
    'document.write',
    'document.configure',
    'appointment.read',
    'appointment.write',

    'referral.read',
    'referral.write',
    'domiciliation.read',
    'domiciliation.instruct',
    'domiciliation.mail',
    'domiciliation.configure',
    'domiciliation.import',
    'aid.read',
    'aid.request',
    'aid.sessions',
    'aid.pay',
    'aid.vouchers',
    'aid.campaign',
    'aid.configure',
    'accommodation.read',
    'accommodation.request',
    'accommodation.validate',
    'accommodation.manage',
    'accommodation.leases',
    'accommodation.configure',
    'activities.read',
    'activities.manage',
    'activities.configure',
  ],
  social_worker: [
    'person.read',
    'person.write',
    'contact.read',
    'contact.write',
    'indicators.read',
    'person.read_restricted',
    'person.merge',
    'person.export',
    'person.reactivate',
    'partner.read',
    'partner.manage',
    'outreach.read',
    'outreach.write',
    'report.create',
    'report.triage',
    'register.read',
    'register.write',
    'network.need.create',
    'followup.read',
    'followup.write',
    'rights.read',
    'rights.write',
    'document.read',
    'document.write',
    'appointment.read',
    'appointment.write',

    'rsa.instruct',

    'referral.read',
    'referral.write',
    'domiciliation.read',
    'domiciliation.instruct',
    'domiciliation.mail',
    'domiciliation.import',
    'aid.read',
    'aid.request',
    'aid.vouchers',
    'aid.campaign',
    'accommodation.read',
    'accommodation.request',
    'accommodation.manage',
    'accommodation.leases',
    'activities.read',
    'activities.manage',
  ],
  // The specialised educator: alongside social workers, and in the street with the outreach team.
  educator: [
    'person.read',
    'person.write',
    'contact.read',
    'contact.write',
    'partner.read',
    'outreach.read',
    'outreach.write',
    'report.create',
    'followup.read',
    'followup.write',
    'rights.read',
    'rights.write',
    'document.read',
    'document.write',
    'appointment.read',
    'appointment.write',

    'referral.read',
    'referral.write',
    'domiciliation.read',
    'domiciliation.mail',
    'aid.read',
    'aid.request',
    'accommodation.read',
    'accommodation.request',
    'accommodation.manage',
    'activities.read',
    'activities.manage',
  ],
  // Sessions with the people of their teams; their session notes stay among the team's psychologists.
  psychologist: [
    'person.read',
    'contact.read',
    'contact.write',
    'partner.read',
    'followup.read',
    'followup.write',
    'appointment.read',
    'appointment.write',
    'activities.read',
    'activities.manage',
  ],
  front_desk_agent: [
    'person.read',
    'person.write',
    // The desk is where a person comes back after years: it finds the archived file, not a new one.
    'person.reactivate',
    'contact.read',
    'contact.write',
    'partner.read',
    'report.create',
    'network.need.create',
    // The desk receives the papers people bring and files them.
    'document.read',
    'document.write',
    'appointment.read',
    'appointment.write',

    'referral.read',
    'referral.write',
    'domiciliation.mail',
    'aid.vouchers',
    'aid.campaign',
    'activities.read',
  ],
  outreach_agent: [
    'person.read',
    'person.write',
    'contact.read',
    'contact.write',
    'partner.read',
    'outreach.read',
    'outreach.write',
    'report.create',
    'report.triage',
    'rights.read',
    'rights.write',
  ],
  // The paediatric nurse of the team following families with incomplete rights from the street.
  nurse: [
    'person.read',
    'person.write',
    'partner.read',
    'outreach.read',
    'outreach.write',
    'rights.read',
    'rights.write',
    'appointment.read',
    'appointment.write',

    'referral.read',
    'referral.write',
    'accommodation.read',
    'accommodation.request',
    'accommodation.medical',
  ],
  // The doctor of a medical structure (LHSS): the medical part of admissions and the opinions.
  doctor: ['person.read', 'partner.read', 'accommodation.read', 'accommodation.medical'],
  // No person's file: only the requests on the agenda of the sessions they sit in, pseudonymised.
  commission_member: ['partner.read', 'aid.commission'],
  volunteer_coordinator: [
    'person.read',
    'person.write',
    'contact.read',
    'contact.write',
    'partner.read',
    'report.create',
    'register.read',
    'register.write',
    'network.coordinate',
    'network.need.create',
    'activities.read',
    'activities.manage',
  ],
  // Elected officials and analysts see aggregates, never a name.
  analyst: ['indicators.read', 'partner.read'],
  // The data protection officer: the audit trail, retention and its sweeper, holds; never a person's file.
  dpo: [
    'audit.read',
    'privacy.read',
    'privacy.hold',
    'privacy.configure',
    'privacy.requests',
    'privacy.alerts',
  ],
}

export function roleAllows(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => PERMISSIONS[role].includes(action))
}
