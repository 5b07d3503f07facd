import { createBrowserRouter } from 'react-router'
import { RequireSession } from './layout/RequireSession.tsx'
import { Shell } from './layout/Shell.tsx'
import { AccountPage } from './modules/account/AccountPage.tsx'
import { AuditPage } from './modules/admin/AuditPage.tsx'
import { OrganisationPage } from './modules/admin/OrganisationPage.tsx'
import { UsersPage } from './modules/admin/UsersPage.tsx'
import { ForgotPasswordPage } from './modules/auth/ForgotPasswordPage.tsx'
import { InvitationPage } from './modules/auth/InvitationPage.tsx'
import { LoginCodePage } from './modules/auth/LoginCodePage.tsx'
import { LoginPage } from './modules/auth/LoginPage.tsx'
import { ResetPasswordPage } from './modules/auth/ResetPasswordPage.tsx'
import { SetupPage } from './modules/auth/SetupPage.tsx'
import { TotpEnrolmentPage } from './modules/auth/TotpEnrolmentPage.tsx'
import { ContactCountsPage } from './modules/frontdesk/ContactCountsPage.tsx'
import { ContactReasonsPage } from './modules/frontdesk/ContactReasonsPage.tsx'
import { FollowUpQueuePage } from './modules/frontdesk/FollowUpQueuePage.tsx'
import { FrontdeskPanel } from './modules/frontdesk/FrontdeskPanel.tsx'
import { HomePage } from './modules/home/HomePage.tsx'
import { MemberReportsPage } from './modules/network/MemberReportsPage.tsx'
import { NeedCreatePage, NeedsRoute } from './modules/network/NeedsPage.tsx'
import { NetworkDashboardPage } from './modules/network/NetworkDashboardPage.tsx'
import { NetworkSettingsPage } from './modules/network/NetworkSettingsPage.tsx'
import { VolunteerPortalPage } from './modules/network/VolunteerPortalPage.tsx'
import { VolunteerSignupPage } from './modules/network/VolunteerSignupPage.tsx'
import { VolunteersPage } from './modules/network/VolunteersPage.tsx'
import { outreachRoutes } from './modules/outreach/outreach-routes.tsx'
import { PartnersPage } from './modules/partners/PartnersPage.tsx'
import { HouseholdExtraContext } from './modules/people/HouseholdSection.tsx'
import { MergePage } from './modules/people/MergePage.tsx'
import { PeoplePage } from './modules/people/PeoplePage.tsx'
import { PersonCreatePage, PersonEditPage } from './modules/people/PersonFormPage.tsx'
import { PersonPage } from './modules/people/PersonPage.tsx'
import { HouseholdPricing } from './modules/pricing/HouseholdPricing.tsx'
import { PricingSettingsPage } from './modules/pricing/PricingSettingsPage.tsx'
import { AlertPlanPage } from './modules/register/AlertPlanPage.tsx'
import { AlertPlansPage } from './modules/register/AlertPlansPage.tsx'
import { RegisterPage } from './modules/register/RegisterPage.tsx'
import { RegisterSettingsPage } from './modules/register/RegisterSettingsPage.tsx'
import { PublicReportPage } from './modules/reports/PublicReportPage.tsx'
import { ReportCreatePage } from './modules/reports/ReportCreatePage.tsx'
import { ReportPage } from './modules/reports/ReportPage.tsx'
import { ReportSettingsPage } from './modules/reports/ReportSettingsPage.tsx'
import { ReportsPage } from './modules/reports/ReportsPage.tsx'
import { NotFoundPage } from './ui/NotFoundPage.tsx'

/** The social pricing shown under a household: composed here so the two web modules stay independent. */
const householdPricing = (householdId: string) => <HouseholdPricing householdId={householdId} titleAs="h3" />

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
            <HomePage frontDesk={<FrontdeskPanel />} />
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
              <PersonPage />
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
        path: '/registre/plans/:id',
        element: (
          <RequireSession permission="register.read">
            <AlertPlanPage />
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
            <AuditPage />
          </RequireSession>
        ),
      },
      ...outreachRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
