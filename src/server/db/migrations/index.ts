import type { Migration } from 'kysely/migration'
import * as foundation from './2026-11-24T12-00_foundation.ts'
import * as peopleSearch from './2026-11-24T21-00_people_search.ts'
import * as personFile from './2026-11-25T09-00_person_file.ts'
import * as partners from './2026-11-25T10-00_partners.ts'
import * as pricing from './2026-11-25T11-00_pricing.ts'
import * as frontdesk from './2026-11-25T12-00_frontdesk.ts'
import * as contactCountsMonthly from './2026-11-26T10-00_contact_counts_monthly.ts'
import * as personNameVocabulary from './2026-11-26T11-00_person_name_vocabulary.ts'
import * as nameWordDeletions from './2026-11-26T12-00_name_word_deletes.ts'
import * as outreach from './2026-11-28T20-00_outreach.ts'
import * as reports from './2026-11-28T20-30_reports.ts'
import * as nameSearchStatistics from './2026-11-28T21-00_name_search_statistics.ts'
import * as hotPathWrites from './2026-11-28T22-00_hot_path_writes.ts'
import * as register from './2026-11-28T23-00_register.ts'
import * as network from './2026-11-28T23-30_network.ts'
import * as networkSettings from './2026-11-28T23-40_network_settings.ts'
import * as registerReferrals from './2026-11-28T23-50_register_referrals.ts'
import * as reportConcern from './2026-11-28T23-55_report_concern.ts'
import * as auditPersonLists from './2026-12-06T05-15_audit_person_lists.ts'
import * as roleGrants from './2026-12-06T05-16_role_grants_and_email_per_organisation.ts'
import * as emergencyContactRelationship from './2026-12-06T06-12_emergency_contact_relationship.ts'
import * as searchAsTyped from './2026-12-06T06-45_search_as_typed.ts'
import * as volunteerAudit from './2026-12-06T06-57_volunteer_audit.ts'
import * as needReach from './2026-12-06T07-06_need_reach.ts'
import * as followup from './2026-12-06T08-28_followup.ts'
import * as rights from './2026-12-06T08-29_rights.ts'
import * as documents from './2026-12-06T09-08_documents.ts'
import * as appointments from './2026-12-06T09-38_appointments.ts'
import * as rsa from './2026-12-06T09-52_rsa.ts'
import * as partnerReferrals from './2026-12-06T10-05_partner_referrals.ts'
import * as domiciliation from './2026-12-06T11-55_domiciliation.ts'
import * as domiciliationImportCounts from './2026-12-06T11-57_domiciliation_import_counts.ts'
import * as aid from './2026-12-06T15-20_aid.ts'
import * as aidMoney from './2026-12-06T15-21_aid_money.ts'
import * as aidRequestResidence from './2026-12-06T15-21_aid_request_residence.ts'
import * as aidConsumptionIndexes from './2026-12-06T16-55_aid_consumption_indexes.ts'
import * as accommodation from './2026-12-06T18-55_accommodation.ts'
import * as nameVocabularyPerStatement from './2026-12-06T19-12_name_vocabulary_per_statement.ts'
import * as accommodationPeriodIndexes from './2026-12-06T22-18_accommodation_period_indexes.ts'
import * as activities from './2026-12-06T22-40_activities.ts'
import * as indicators from './2026-12-06T22-47_indicators.ts'
import * as privacy from './2026-12-06T23-04_privacy.ts'
import * as partnersHsds from './2026-12-06T23-19_partners_hsds.ts'
import * as retentionTriggers from './2026-12-07T02-15_retention_triggers.ts'
import * as privacyRequests from './2026-12-07T02-25_privacy_requests.ts'
import * as partnerPortal from './2026-12-07T02-35_partner_portal.ts'
import * as partnerReferralReplies from './2026-12-07T05-20_partner_referral_replies.ts'
import * as periodicJobRuns from './2026-12-07T05-30_periodic_job_runs.ts'
import * as platformOperator from './2026-12-07T05-30_platform_operator.ts'
import * as referralsOneModel from './2026-12-07T05-30_referrals_one_model.ts'
import * as duplicateDismissals from './2026-12-07T05-40_duplicate_dismissals.ts'
import * as partnerContactPasswordReset from './2026-12-07T05-45_partner_contact_password_reset.ts'
import * as privacyReadingAlerts from './2026-12-07T05-50_privacy_reading_alerts.ts'
import * as partnerContactRetention from './2026-12-07T06-15_partner_contact_retention.ts'

/** Every migration, by its timestamped name. Add new ones here; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-24T12-00_foundation': foundation,
  '2026-11-24T21-00_people_search': peopleSearch,
  '2026-11-25T09-00_person_file': personFile,
  '2026-11-25T10-00_partners': partners,
  '2026-11-25T11-00_pricing': pricing,
  '2026-11-25T12-00_frontdesk': frontdesk,
  '2026-11-26T10-00_contact_counts_monthly': contactCountsMonthly,
  '2026-11-26T11-00_person_name_vocabulary': personNameVocabulary,
  '2026-11-26T12-00_name_word_deletes': nameWordDeletions,
  '2026-11-28T20-00_outreach': outreach,
  '2026-11-28T20-30_reports': reports,
  '2026-11-28T21-00_name_search_statistics': nameSearchStatistics,
  '2026-11-28T22-00_hot_path_writes': hotPathWrites,
  '2026-11-28T23-00_register': register,
  '2026-11-28T23-30_network': network,
  '2026-11-28T23-40_network_settings': networkSettings,
  '2026-11-28T23-50_register_referrals': registerReferrals,
  '2026-11-28T23-55_report_concern': reportConcern,
  '2026-12-06T05-15_audit_person_lists': auditPersonLists,
  '2026-12-06T05-16_role_grants_and_email_per_organisation': roleGrants,
  '2026-12-06T06-12_emergency_contact_relationship': emergencyContactRelationship,
  '2026-12-06T06-45_search_as_typed': searchAsTyped,
  '2026-12-06T06-57_volunteer_audit': volunteerAudit,
  '2026-12-06T07-06_need_reach': needReach,
  '2026-12-06T08-28_followup': followup,
  '2026-12-06T08-29_rights': rights,
  '2026-12-06T09-08_documents': documents,
  '2026-12-06T09-38_appointments': appointments,
  '2026-12-06T09-52_rsa': rsa,
  '2026-12-06T10-05_partner_referrals': partnerReferrals,
  '2026-12-06T11-55_domiciliation': domiciliation,
  '2026-12-06T11-57_domiciliation_import_counts': domiciliationImportCounts,
  '2026-12-06T15-20_aid': aid,
  '2026-12-06T15-21_aid_money': aidMoney,
  '2026-12-06T15-21_aid_request_residence': aidRequestResidence,
  '2026-12-06T16-55_aid_consumption_indexes': aidConsumptionIndexes,
  '2026-12-06T18-55_accommodation': accommodation,
  '2026-12-06T19-12_name_vocabulary_per_statement': nameVocabularyPerStatement,
  '2026-12-06T22-18_accommodation_period_indexes': accommodationPeriodIndexes,
  '2026-12-06T22-40_activities': activities,
  '2026-12-06T22-47_indicators': indicators,
  '2026-12-06T23-04_privacy': privacy,
  '2026-12-06T23-19_partners_hsds': partnersHsds,
  '2026-12-07T02-15_retention_triggers': retentionTriggers,
  '2026-12-07T02-25_privacy_requests': privacyRequests,
  '2026-12-07T02-35_partner_portal': partnerPortal,
  '2026-12-07T05-20_partner_referral_replies': partnerReferralReplies,
  '2026-12-07T05-30_periodic_job_runs': periodicJobRuns,
  '2026-12-07T05-30_platform_operator': platformOperator,
  '2026-12-07T05-30_referrals_one_model': referralsOneModel,
  '2026-12-07T05-40_duplicate_dismissals': duplicateDismissals,
  '2026-12-07T05-45_partner_contact_password_reset': partnerContactPasswordReset,
  '2026-12-07T05-50_privacy_reading_alerts': privacyReadingAlerts,
  '2026-12-07T06-15_partner_contact_retention': partnerContactRetention,
}
