import { Suspense } from 'react'
import { createBrowserRouter } from 'react-router'
import { DOMICILIATION_REPORT_READERS } from '../shared/domiciliation-domifa.ts'
import { personDisplayName } from '../shared/person-name.ts'
import { RequireSession } from './layout/RequireSession.tsx'
import { Shell } from './layout/Shell.tsx'
import { FrontdeskPanel } from './modules/frontdesk/FrontdeskPanel.tsx'
import { HomePage } from './modules/home/HomePage.tsx'
import { outreachRoutes } from './modules/outreach/outreach-routes.tsx'
import { HouseholdExtraContext } from './modules/people/household-extra.ts'
import { PersonFileExtraContext } from './modules/people/person-file-extra.ts'
import { lazyPage } from './ui/lazy-page.ts'
import { NotFoundPage } from './ui/NotFoundPage.tsx'

// Every page is loaded when first opened (see lazyPage).
const AccountPage = lazyPage(() => import('./modules/account/AccountPage.tsx'), 'AccountPage')
const AuditPage = lazyPage(() => import('./modules/admin/AuditPage.tsx'), 'AuditPage')
const PrivacyPage = lazyPage(() => import('./modules/privacy/PrivacyPage.tsx'), 'PrivacyPage')
const OrganisationPage = lazyPage(() => import('./modules/admin/OrganisationPage.tsx'), 'OrganisationPage')
const UsersPage = lazyPage(() => import('./modules/admin/UsersPage.tsx'), 'UsersPage')
const RoleGrantsPage = lazyPage(() => import('./modules/admin/RoleGrantsPage.tsx'), 'RoleGrantsPage')
const ForgotPasswordPage = lazyPage(
  () => import('./modules/auth/ForgotPasswordPage.tsx'),
  'ForgotPasswordPage',
)
const OperatorPage = lazyPage(() => import('./modules/operator/OperatorPage.tsx'), 'OperatorPage')
const InvitationPage = lazyPage(() => import('./modules/auth/InvitationPage.tsx'), 'InvitationPage')
const LoginCodePage = lazyPage(() => import('./modules/auth/LoginCodePage.tsx'), 'LoginCodePage')
const LoginPage = lazyPage(() => import('./modules/auth/LoginPage.tsx'), 'LoginPage')
const ResetPasswordPage = lazyPage(() => import('./modules/auth/ResetPasswordPage.tsx'), 'ResetPasswordPage')
const SetupPage = lazyPage(() => import('./modules/auth/SetupPage.tsx'), 'SetupPage')
const TotpEnrolmentPage = lazyPage(() => import('./modules/auth/TotpEnrolmentPage.tsx'), 'TotpEnrolmentPage')
const ContactCountsPage = lazyPage(
  () => import('./modules/frontdesk/ContactCountsPage.tsx'),
  'ContactCountsPage',
)
const ContactReasonsPage = lazyPage(
  () => import('./modules/frontdesk/ContactReasonsPage.tsx'),
  'ContactReasonsPage',
)
const FollowUpQueuePage = lazyPage(
  () => import('./modules/frontdesk/FollowUpQueuePage.tsx'),
  'FollowUpQueuePage',
)
const PersonFollowupPage = lazyPage(
  () => import('./modules/followup/PersonFollowupPage.tsx'),
  'PersonFollowupPage',
)
const RecordPage = lazyPage(() => import('./modules/followup/RecordPage.tsx'), 'RecordPage')
const WorklistPage = lazyPage(() => import('./modules/followup/WorklistPage.tsx'), 'WorklistPage')
const MemberReportsPage = lazyPage(
  () => import('./modules/network/MemberReportsPage.tsx'),
  'MemberReportsPage',
)
const NeedCreatePage = lazyPage(() => import('./modules/network/NeedsPage.tsx'), 'NeedCreatePage')
const NeedsRoute = lazyPage(() => import('./modules/network/NeedsPage.tsx'), 'NeedsRoute')
const NetworkDashboardPage = lazyPage(
  () => import('./modules/network/NetworkDashboardPage.tsx'),
  'NetworkDashboardPage',
)
const NetworkSettingsPage = lazyPage(
  () => import('./modules/network/NetworkSettingsPage.tsx'),
  'NetworkSettingsPage',
)
const VolunteerPortalPage = lazyPage(
  () => import('./modules/network/VolunteerPortalPage.tsx'),
  'VolunteerPortalPage',
)
const VolunteerSignupPage = lazyPage(
  () => import('./modules/network/VolunteerSignupPage.tsx'),
  'VolunteerSignupPage',
)
const VolunteersPage = lazyPage(() => import('./modules/network/VolunteersPage.tsx'), 'VolunteersPage')
const PartnerPortalPage = lazyPage(
  () => import('./modules/partners/PartnerPortalPage.tsx'),
  'PartnerPortalPage',
)
const PartnerPasswordPage = lazyPage(
  () => import('./modules/partners/PartnerPasswordPage.tsx'),
  'PartnerPasswordPage',
)
const PartnersPage = lazyPage(() => import('./modules/partners/PartnersPage.tsx'), 'PartnersPage')
const HsdsPage = lazyPage(() => import('./modules/partners/HsdsPage.tsx'), 'HsdsPage')
const DuplicatesPage = lazyPage(() => import('./modules/people/DuplicatesPage.tsx'), 'DuplicatesPage')
const MergePage = lazyPage(() => import('./modules/people/MergePage.tsx'), 'MergePage')
const PeoplePage = lazyPage(() => import('./modules/people/PeoplePage.tsx'), 'PeoplePage')
const PersonCreatePage = lazyPage(() => import('./modules/people/PersonFormPage.tsx'), 'PersonCreatePage')
const PersonEditPage = lazyPage(() => import('./modules/people/PersonFormPage.tsx'), 'PersonEditPage')
const PersonPage = lazyPage(() => import('./modules/people/PersonPage.tsx'), 'PersonPage')
const WeekPage = lazyPage(() => import('./modules/appointments/WeekPage.tsx'), 'WeekPage')
const BookAppointmentPage = lazyPage(
  () => import('./modules/appointments/BookAppointmentPage.tsx'),
  'BookAppointmentPage',
)
const PersonAppointments = lazyPage(
  () => import('./modules/appointments/PersonAppointments.tsx'),
  'PersonAppointments',
)
const PersonPicker = lazyPage(() => import('./modules/people/PersonPicker.tsx'), 'PersonPicker')
const PersonFileFollowup = lazyPage(
  () => import('./modules/followup/PersonFileFollowup.tsx'),
  'PersonFileFollowup',
)
const ExpiringDocumentsPage = lazyPage(
  () => import('./modules/documents/ExpiringDocumentsPage.tsx'),
  'ExpiringDocumentsPage',
)
const SupportTypesPage = lazyPage(() => import('./modules/followup/SupportTypesPage.tsx'), 'SupportTypesPage')
const DocumentTypesPage = lazyPage(
  () => import('./modules/documents/DocumentTypesPage.tsx'),
  'DocumentTypesPage',
)
const RightsSettingsPage = lazyPage(
  () => import('./modules/followup/RightsSettingsPage.tsx'),
  'RightsSettingsPage',
)
const HouseholdPricing = lazyPage(() => import('./modules/pricing/HouseholdPricing.tsx'), 'HouseholdPricing')
const PricingSettingsPage = lazyPage(
  () => import('./modules/pricing/PricingSettingsPage.tsx'),
  'PricingSettingsPage',
)
const AlertPlanPage = lazyPage(() => import('./modules/register/AlertPlanPage.tsx'), 'AlertPlanPage')
const CallLogPage = lazyPage(() => import('./modules/register/CallLogPage.tsx'), 'CallLogPage')
const AlertPlansPage = lazyPage(() => import('./modules/register/AlertPlansPage.tsx'), 'AlertPlansPage')
const RegisterPage = lazyPage(() => import('./modules/register/RegisterPage.tsx'), 'RegisterPage')
const RegisterSettingsPage = lazyPage(
  () => import('./modules/register/RegisterSettingsPage.tsx'),
  'RegisterSettingsPage',
)
const PublicReportPage = lazyPage(() => import('./modules/reports/PublicReportPage.tsx'), 'PublicReportPage')
const ReportCreatePage = lazyPage(() => import('./modules/reports/ReportCreatePage.tsx'), 'ReportCreatePage')
const ReportPage = lazyPage(() => import('./modules/reports/ReportPage.tsx'), 'ReportPage')
const ReportSettingsPage = lazyPage(
  () => import('./modules/reports/ReportSettingsPage.tsx'),
  'ReportSettingsPage',
)
const ReportsPage = lazyPage(() => import('./modules/reports/ReportsPage.tsx'), 'ReportsPage')
// The home page and the front desk's panel in it come with the first script: the front desk opens on
// them, and each further file costs a 3G phone a round trip (issue 20).
const Home = () => <HomePage frontDesk={<FrontdeskPanel />} />

const MailDeskPage = lazyPage(() => import('./modules/domiciliation/MailDeskPage.tsx'), 'MailDeskPage')
const PersonMailPage = lazyPage(() => import('./modules/domiciliation/PersonMailPage.tsx'), 'PersonMailPage')
const PersonDomiciliation = lazyPage(
  () => import('./modules/domiciliation/DomiciliationSection.tsx'),
  'PersonDomiciliation',
)
const RadiationCandidatesPage = lazyPage(
  () => import('./modules/domiciliation/RadiationCandidatesPage.tsx'),
  'RadiationCandidatesPage',
)
const DomifaImportPage = lazyPage(
  () => import('./modules/domiciliation/DomifaImportPage.tsx'),
  'DomifaImportPage',
)
const DomiciliationReportPage = lazyPage(
  () => import('./modules/domiciliation/DomiciliationReportPage.tsx'),
  'DomiciliationReportPage',
)
const SecretarySessionsPage = lazyPage(
  () => import('./modules/aid/CommissionSessionsPage.tsx'),
  'SecretarySessionsPage',
)
const MemberSessionsPage = lazyPage(
  () => import('./modules/aid/CommissionSessionsPage.tsx'),
  'MemberSessionsPage',
)
const CommissionSessionPage = lazyPage(
  () => import('./modules/aid/CommissionSessionPage.tsx'),
  'CommissionSessionPage',
)
const AidRequestsPage = lazyPage(() => import('./modules/aid/AidRequestsPage.tsx'), 'AidRequestsPage')
const AidRequestPage = lazyPage(() => import('./modules/aid/AidRequestPage.tsx'), 'AidRequestPage')
const NewAidRequestPage = lazyPage(() => import('./modules/aid/NewAidRequestPage.tsx'), 'NewAidRequestPage')
const AidTypesPage = lazyPage(() => import('./modules/aid/AidTypesPage.tsx'), 'AidTypesPage')
const PersonAid = lazyPage(() => import('./modules/aid/PersonAidSection.tsx'), 'PersonAid')
const PersonStays = lazyPage(() => import('./modules/accommodation/PersonStaysSection.tsx'), 'PersonStays')
const StaysPage = lazyPage(() => import('./modules/accommodation/StaysPage.tsx'), 'StaysPage')
const StayPage = lazyPage(() => import('./modules/accommodation/StayPage.tsx'), 'StayPage')
const AidSettingsPage = lazyPage(() => import('./modules/aid/AidSettingsPage.tsx'), 'AidSettingsPage')
const AidBudgetsPage = lazyPage(() => import('./modules/aid/AidBudgetsPage.tsx'), 'AidBudgetsPage')
const AidPaymentsPage = lazyPage(() => import('./modules/aid/AidPaymentsSection.tsx'), 'AidPaymentsPage')
const AidVouchersPage = lazyPage(() => import('./modules/aid/AidVouchersPage.tsx'), 'AidVouchersPage')
const AidShowersPage = lazyPage(() => import('./modules/aid/AidShowersPage.tsx'), 'AidShowersPage')
const CampaignsPage = lazyPage(() => import('./modules/aid/CampaignsPage.tsx'), 'CampaignsPage')
const CampaignPage = lazyPage(() => import('./modules/aid/CampaignPage.tsx'), 'CampaignPage')
const ActivitiesPage = lazyPage(() => import('./modules/activities/ActivitiesPage.tsx'), 'ActivitiesPage')
const ActivityPage = lazyPage(() => import('./modules/activities/ActivityPage.tsx'), 'ActivityPage')
const ActivitySessionPage = lazyPage(() => import('./modules/activities/SessionPage.tsx'), 'SessionPage')
const ActivityParticipantsPage = lazyPage(
  () => import('./modules/activities/ParticipantsPage.tsx'),
  'ParticipantsPage',
)
const ActivityKindsPage = lazyPage(
  () => import('./modules/activities/ActivityKindsPage.tsx'),
  'ActivityKindsPage',
)
const AccommodationStatisticsPage = lazyPage(
  () => import('./modules/accommodation/AccommodationStatisticsPage.tsx'),
  'AccommodationStatisticsPage',
)
const LeasesPage = lazyPage(() => import('./modules/accommodation/LeasesPage.tsx'), 'LeasesPage')
const LeasePage = lazyPage(() => import('./modules/accommodation/LeasePage.tsx'), 'LeasePage')
const IndicatorsCataloguePage = lazyPage(
  () => import('./modules/indicators/IndicatorsCataloguePage.tsx'),
  'IndicatorsCataloguePage',
)
const IndicatorsDashboardPage = lazyPage(
  () => import('./modules/indicators/IndicatorsDashboardPage.tsx'),
  'IndicatorsDashboardPage',
)
const AidStatisticsPage = lazyPage(() => import('./modules/aid/AidStatisticsPage.tsx'), 'AidStatisticsPage')
// Accommodation's structures, the occupancy board, partners' agreements and the settings.
const StructuresPage = lazyPage(() => import('./modules/accommodation/StructuresPage.tsx'), 'StructuresPage')
const StructurePage = lazyPage(() => import('./modules/accommodation/StructurePage.tsx'), 'StructurePage')
const OccupancyBoardPage = lazyPage(
  () => import('./modules/accommodation/OccupancyBoardPage.tsx'),
  'OccupancyBoardPage',
)
const AgreementsPage = lazyPage(() => import('./modules/accommodation/AgreementsPage.tsx'), 'AgreementsPage')
const AccommodationSettingsPage = lazyPage(
  () => import('./modules/accommodation/AccommodationSettingsPage.tsx'),
  'AccommodationSettingsPage',
)
const DomiciliationSettingsPage = lazyPage(
  () => import('./modules/domiciliation/DomiciliationSettingsPage.tsx'),
  'DomiciliationSettingsPage',
)
const PersonAdmissions = lazyPage(
  () => import('./modules/accommodation/PersonAdmissionsSection.tsx'),
  'PersonAdmissions',
)
const AdmissionRequestsPage = lazyPage(
  () => import('./modules/accommodation/AdmissionRequestsPage.tsx'),
  'AdmissionRequestsPage',
)
const AdmissionRequestPage = lazyPage(
  () => import('./modules/accommodation/AdmissionRequestPage.tsx'),
  'AdmissionRequestPage',
)
const NewAdmissionRequestPage = lazyPage(
  () => import('./modules/accommodation/NewAdmissionRequestPage.tsx'),
  'NewAdmissionRequestPage',
)
const PersonDocuments = lazyPage(() => import('./modules/documents/DocumentsSection.tsx'), 'PersonDocuments')

/** The follow-up's sections of a person's file (rights…) and the documents: composed here so the web modules stay independent. */
const personFileFollowup = (personId: string, options: { merged: boolean }) => (
  <Suspense fallback={null}>
    <PersonFileFollowup personId={personId} merged={options.merged} />
    <PersonAppointments personId={personId} merged={options.merged} />
    <PersonDomiciliation personId={personId} merged={options.merged} />
    <PersonAid personId={personId} merged={options.merged} />
    <PersonStays personId={personId} merged={options.merged} />
    <PersonAdmissions personId={personId} merged={options.merged} />
    <PersonDocuments personId={personId} merged={options.merged} />
  </Suspense>
)

/** The people module's person search, composed here for the booking and campaign pages. */
const appointmentPersonPicker = (onPick: (person: { id: string; label: string }) => void) => (
  <Suspense fallback={null}>
    <PersonPicker
      label="Personne"
      actionLabel="Choisir"
      onPick={(p) => onPick({ id: p.id, label: personDisplayName(p) })}
    />
  </Suspense>
)

/** The social pricing shown under a household: composed here so the two web modules stay independent. */
const householdPricing = (householdId: string) => (
  <Suspense fallback={null}>
    <HouseholdPricing householdId={householdId} titleAs="h3" />
  </Suspense>
)

export const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { path: '/connexion', element: <LoginPage /> },
      { path: '/connexion/code', element: <LoginCodePage /> },
      { path: '/installation', element: <SetupPage /> },
      { path: '/invitation', element: <InvitationPage /> },
      { path: '/mot-de-passe-oublie', element: <ForgotPasswordPage /> },
      { path: '/reinitialiser-mot-de-passe', element: <ResetPasswordPage /> },
      { path: '/double-authentification', element: <TotpEnrolmentPage /> },
      // The public report form: no account needed.
      { path: '/signaler', element: <PublicReportPage /> },
      { path: '/signaler/:organisationId', element: <PublicReportPage /> },
      // The volunteer portal: its own sign-in, apart from staff accounts.
      { path: '/benevoles', element: <VolunteerPortalPage /> },
      { path: '/benevoles/:organisationId', element: <VolunteerPortalPage /> },
      { path: '/benevoles/inscription', element: <VolunteerSignupPage /> },
      { path: '/benevoles/inscription/:organisationId', element: <VolunteerSignupPage /> },
      // The partner page: the partners' contacts' own sign-in, apart from staff accounts.
      { path: '/page-partenaire', element: <PartnerPortalPage /> },
      { path: '/page-partenaire/mot-de-passe', element: <PartnerPasswordPage /> },
      // The hosted service's operator: their own sign-in, outside every organisation.
      { path: '/exploitation', element: <OperatorPage /> },
      {
        // The coordinator's list; those who only enter needs (the seniors line) go on to the form.
        path: '/reseau/besoins',
        element: (
          <RequireSession>
            <NeedsRoute />
          </RequireSession>
        ),
      },
      {
        path: '/reseau/besoins/nouveau',
        element: (
          <RequireSession permission="network.need.create">
            <NeedCreatePage />
          </RequireSession>
        ),
      },
      {
        path: '/reseau/benevoles',
        element: (
          <RequireSession permission="network.coordinate">
            <VolunteersPage />
          </RequireSession>
        ),
      },
      {
        path: '/reseau/signalements',
        element: (
          <RequireSession permission="network.coordinate">
            <MemberReportsPage />
          </RequireSession>
        ),
      },
      {
        path: '/reseau/tableau-de-bord',
        element: (
          <RequireSession permission="network.coordinate">
            <NetworkDashboardPage />
          </RequireSession>
        ),
      },
      {
        path: '/reseau/reglages',
        element: (
          <RequireSession permission="network.coordinate">
            <NetworkSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/',
        element: (
          <RequireSession>
            <Home />
          </RequireSession>
        ),
      },
      {
        path: '/courrier',
        element: (
          <RequireSession permission="domiciliation.mail">
            <MailDeskPage />
          </RequireSession>
        ),
      },
      {
        path: '/courrier/personnes/:personId',
        element: (
          <RequireSession permission="domiciliation.mail">
            <PersonMailPage />
          </RequireSession>
        ),
      },
      {
        path: '/accompagnement',
        element: (
          <RequireSession permission="followup.read">
            <WorklistPage />
          </RequireSession>
        ),
      },
      {
        path: '/accompagnement/:id',
        element: (
          <RequireSession permission="followup.read">
            <RecordPage />
          </RequireSession>
        ),
      },
      {
        path: '/accompagnement/personnes/:personId',
        element: (
          <RequireSession permission="followup.read">
            <PersonFollowupPage />
          </RequireSession>
        ),
      },
      {
        path: '/accompagnement/foyers/:householdId',
        element: (
          <RequireSession permission="followup.read">
            <PersonFollowupPage />
          </RequireSession>
        ),
      },
      {
        path: '/compte',
        element: (
          <RequireSession>
            <AccountPage />
          </RequireSession>
        ),
      },
      {
        path: '/personnes',
        element: (
          <RequireSession permission="person.read">
            <PeoplePage />
          </RequireSession>
        ),
      },
      {
        path: '/personnes/:id',
        element: (
          <RequireSession permission="person.read">
            <HouseholdExtraContext.Provider value={householdPricing}>
              <PersonFileExtraContext.Provider value={personFileFollowup}>
                <PersonPage />
              </PersonFileExtraContext.Provider>
            </HouseholdExtraContext.Provider>
          </RequireSession>
        ),
      },
      {
        path: '/personnes/nouvelle',
        element: (
          <RequireSession permission="person.write">
            <PersonCreatePage />
          </RequireSession>
        ),
      },
      {
        path: '/personnes/:id/modifier',
        element: (
          <RequireSession permission="person.write">
            <PersonEditPage />
          </RequireSession>
        ),
      },
      {
        path: '/personnes/doublons',
        element: (
          <RequireSession permission="person.merge">
            <DuplicatesPage />
          </RequireSession>
        ),
      },
      {
        path: '/personnes/:id/fusionner',
        element: (
          <RequireSession permission="person.merge">
            <MergePage />
          </RequireSession>
        ),
      },
      {
        path: '/accueil/suivi',
        element: (
          <RequireSession permission="contact.read">
            <FollowUpQueuePage />
          </RequireSession>
        ),
      },
      {
        path: '/indicateurs',
        element: (
          <RequireSession permission="indicators.read">
            <IndicatorsCataloguePage />
          </RequireSession>
        ),
      },
      {
        path: '/indicateurs/tableau-de-bord',
        element: (
          <RequireSession permission="indicators.read">
            <IndicatorsDashboardPage />
          </RequireSession>
        ),
      },
      {
        path: '/indicateurs/frequentation',
        element: (
          <RequireSession permission="indicators.read">
            <ContactCountsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/motifs',
        element: (
          <RequireSession permission="frontdesk.configure">
            <ContactReasonsPage />
          </RequireSession>
        ),
      },
      {
        path: '/partenaires',
        element: (
          <RequireSession permission="partner.read">
            <PartnersPage />
          </RequireSession>
        ),
      },
      {
        path: '/partenaires/hsds',
        element: (
          <RequireSession permission="partner.read">
            <HsdsPage />
          </RequireSession>
        ),
      },
      {
        path: '/registre',
        element: (
          <RequireSession permission="register.read">
            <RegisterPage />
          </RequireSession>
        ),
      },
      {
        path: '/registre/plans',
        element: (
          <RequireSession permission="register.read">
            <AlertPlansPage />
          </RequireSession>
        ),
      },
      {
        path: '/registre/appels',
        element: (
          <RequireSession permission="register.read">
            <CallLogPage />
          </RequireSession>
        ),
      },
      {
        path: '/registre/plans/:id',
        element: (
          <RequireSession permission="register.read">
            <AlertPlanPage />
          </RequireSession>
        ),
      },
      {
        path: '/rendez-vous',
        element: (
          <RequireSession permission="appointment.read">
            <WeekPage />
          </RequireSession>
        ),
      },
      {
        path: '/rendez-vous/nouveau',
        element: (
          <RequireSession permission="appointment.write">
            <BookAppointmentPage picker={appointmentPersonPicker} />
          </RequireSession>
        ),
      },
      {
        path: '/documents/a-renouveler',
        element: (
          <RequireSession permission="document.read">
            <ExpiringDocumentsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/types-accompagnement',
        element: (
          <RequireSession permission="followup.configure">
            <SupportTypesPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/types-documents',
        element: (
          <RequireSession permission="document.configure">
            <DocumentTypesPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/droits',
        element: (
          <RequireSession permission="rights.configure">
            <RightsSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/domiciliation/radiations',
        element: (
          <RequireSession permission="domiciliation.read">
            <RadiationCandidatesPage />
          </RequireSession>
        ),
      },
      {
        path: '/domiciliation/import-domifa',
        element: (
          <RequireSession permission="domiciliation.import">
            <DomifaImportPage />
          </RequireSession>
        ),
      },
      {
        path: '/domiciliation/rapport-annuel',
        element: (
          <RequireSession permission={DOMICILIATION_REPORT_READERS}>
            <DomiciliationReportPage />
          </RequireSession>
        ),
      },
      {
        path: '/commission',
        element: (
          <RequireSession permission="aid.sessions">
            <SecretarySessionsPage />
          </RequireSession>
        ),
      },
      {
        path: '/commission/mes-seances',
        element: (
          <RequireSession permission="aid.commission">
            <MemberSessionsPage />
          </RequireSession>
        ),
      },
      {
        // The secretary and the session's members: the server answers what each may see.
        path: '/commission/seances/:id',
        element: (
          <RequireSession permission={['aid.sessions', 'aid.commission']}>
            <CommissionSessionPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/budgets',
        element: (
          <RequireSession permission={['aid.pay', 'aid.configure']}>
            <AidBudgetsPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/demandes/:id/paiements',
        element: (
          <RequireSession permission={['aid.pay', 'aid.read']}>
            <AidPaymentsPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/bons',
        element: (
          <RequireSession permission={['aid.vouchers', 'aid.configure']}>
            <AidVouchersPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/douches',
        element: (
          <RequireSession permission="aid.vouchers">
            <AidShowersPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/campagnes',
        element: (
          <RequireSession permission={['aid.campaign', 'aid.configure']}>
            <CampaignsPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/admissions',
        element: (
          <RequireSession permission="accommodation.read">
            <AdmissionRequestsPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/admissions/nouvelle',
        element: (
          <RequireSession permission="accommodation.request">
            <NewAdmissionRequestPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/admissions/:id',
        element: (
          <RequireSession permission="accommodation.read">
            <AdmissionRequestPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/sejours',
        element: (
          <RequireSession permission="accommodation.read">
            <StaysPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/sejours/:id',
        element: (
          <RequireSession permission="accommodation.read">
            <StayPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/demandes',
        element: (
          <RequireSession permission="aid.read">
            <AidRequestsPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/structures',
        element: (
          <RequireSession permission={['accommodation.read', 'accommodation.configure', 'indicators.read']}>
            <StructuresPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/statistiques',
        element: (
          <RequireSession permission="indicators.read">
            <AccommodationStatisticsPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/structures/:id',
        element: (
          <RequireSession permission={['accommodation.read', 'accommodation.configure', 'indicators.read']}>
            <StructurePage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/baux',
        element: (
          <RequireSession permission="accommodation.leases">
            <LeasesPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/occupation',
        element: (
          <RequireSession permission={['accommodation.read', 'accommodation.configure']}>
            <OccupancyBoardPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/conventions',
        element: (
          <RequireSession permission="partner.read">
            <AgreementsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/hebergement',
        element: (
          <RequireSession permission="accommodation.configure">
            <AccommodationSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/hebergement/baux/:id',
        element: (
          <RequireSession permission="accommodation.leases">
            <LeasePage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/statistiques',
        element: (
          <RequireSession permission={['indicators.read', 'aid.sessions', 'aid.pay']}>
            <AidStatisticsPage />
          </RequireSession>
        ),
      },
      {
        path: '/activites',
        element: (
          <RequireSession permission="activities.read">
            <ActivitiesPage />
          </RequireSession>
        ),
      },
      {
        path: '/activites/participants',
        element: (
          <RequireSession permission={['activities.read', 'indicators.read']}>
            <ActivityParticipantsPage />
          </RequireSession>
        ),
      },
      {
        path: '/activites/seances/:id',
        element: (
          <RequireSession permission="activities.read">
            <ActivitySessionPage picker={appointmentPersonPicker} />
          </RequireSession>
        ),
      },
      {
        path: '/activites/:id',
        element: (
          <RequireSession permission="activities.read">
            <ActivityPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/types-activites',
        element: (
          <RequireSession permission="activities.configure">
            <ActivityKindsPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/campagnes/:id',
        element: (
          <RequireSession permission={['aid.campaign', 'aid.configure']}>
            <CampaignPage picker={appointmentPersonPicker} />
          </RequireSession>
        ),
      },
      {
        path: '/aides/demandes/:id',
        element: (
          <RequireSession permission="aid.read">
            <AidRequestPage />
          </RequireSession>
        ),
      },
      {
        path: '/aides/nouvelle-demande',
        element: (
          <RequireSession permission="aid.request">
            <NewAidRequestPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/reglement-aides',
        element: (
          <RequireSession permission="aid.configure">
            <AidTypesPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/aides',
        element: (
          <RequireSession permission="aid.configure">
            <AidSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/domiciliation',
        element: (
          <RequireSession permission="domiciliation.configure">
            <DomiciliationSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/registre',
        element: (
          <RequireSession permission="register.configure">
            <RegisterSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/signalements',
        element: (
          <RequireSession permission="report.create">
            <ReportsPage />
          </RequireSession>
        ),
      },
      {
        path: '/signalements/nouveau',
        element: (
          <RequireSession permission="report.create">
            <ReportCreatePage />
          </RequireSession>
        ),
      },
      {
        path: '/signalements/:id',
        element: (
          <RequireSession permission="report.triage">
            <ReportPage />
          </RequireSession>
        ),
      },
      {
        path: '/protection-des-donnees',
        element: (
          <RequireSession permission="privacy.read">
            <PrivacyPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/signalements',
        element: (
          <RequireSession permission="outreach.configure">
            <ReportSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/utilisateurs',
        element: (
          <RequireSession permission="user.manage">
            <UsersPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/roles-a-confirmer',
        element: (
          <RequireSession permission="user.role_grant.confirm">
            <RoleGrantsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/organisation',
        element: (
          <RequireSession permission="organisation.manage">
            <OrganisationPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/tarification',
        element: (
          <RequireSession permission="pricing.manage">
            <PricingSettingsPage />
          </RequireSession>
        ),
      },
      {
        path: '/admin/audit',
        element: (
          <RequireSession permission="audit.read">
            <AuditPage picker={appointmentPersonPicker} />
          </RequireSession>
        ),
      },
      ...outreachRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
