import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify from 'fastify'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import type { DestinationStream } from 'pino'
import { todayInFrance } from '../shared/dates.ts'
import { ERROR_MESSAGES } from '../shared/errors.ts'
import '../shared/validation.ts'
import type { Config } from './config.ts'
import type { DatabaseHandle, Db } from './db/database.ts'
import { accommodationBoardRoutes } from './modules/accommodation/accommodation.board.routes.ts'
import { BoardService } from './modules/accommodation/accommodation.board.service.ts'
import { accommodationEraser } from './modules/accommodation/accommodation.erasure.ts'
import { AccommodationLeasesRepository } from './modules/accommodation/accommodation.leases.repository.ts'
import { accommodationLeasesRoutes } from './modules/accommodation/accommodation.leases.routes.ts'
import { AccommodationLeasesService } from './modules/accommodation/accommodation.leases.service.ts'
import { admissionMedicalRoutes } from './modules/accommodation/accommodation.medical.routes.ts'
import { AdmissionMedicalService } from './modules/accommodation/accommodation.medical.service.ts'
import { accommodationPlacesRoutes } from './modules/accommodation/accommodation.places.routes.ts'
import { AccommodationRenewalsService } from './modules/accommodation/accommodation.renewals.service.ts'
import { AdmissionRequestsRepository } from './modules/accommodation/accommodation.requests.repository.ts'
import { admissionRequestsRoutes } from './modules/accommodation/accommodation.requests.routes.ts'
import { AdmissionRequestsService } from './modules/accommodation/accommodation.requests.service.ts'
import { accommodationSettingsRoutes } from './modules/accommodation/accommodation.settings.routes.ts'
import { AccommodationSettingsService } from './modules/accommodation/accommodation.settings.ts'
import { AccommodationStatisticsRepository } from './modules/accommodation/accommodation.statistics.repository.ts'
import { accommodationStatisticsRoutes } from './modules/accommodation/accommodation.statistics.routes.ts'
import { AccommodationStatisticsService } from './modules/accommodation/accommodation.statistics.service.ts'
import { AccommodationStaysRepository } from './modules/accommodation/accommodation.stays.repository.ts'
import { accommodationStaysRoutes } from './modules/accommodation/accommodation.stays.routes.ts'
import { AccommodationStaysService } from './modules/accommodation/accommodation.stays.service.ts'
import { StructuresRepository } from './modules/accommodation/accommodation.structures.repository.ts'
import { accommodationStructuresRoutes } from './modules/accommodation/accommodation.structures.routes.ts'
import { StructuresService } from './modules/accommodation/accommodation.structures.service.ts'
import { admissionValidationRoutes } from './modules/accommodation/accommodation.validation.routes.ts'
import { AdmissionValidationService } from './modules/accommodation/accommodation.validation.service.ts'
import { activitiesEraser } from './modules/activities/activities.erasure.ts'
import { activityIndicators } from './modules/activities/activities.indicators.ts'
import { ActivitiesRepository } from './modules/activities/activities.repository.ts'
import { activitiesRoutes } from './modules/activities/activities.routes.ts'
import { ActivitiesService } from './modules/activities/activities.service.ts'
import { ActivitiesStatistics } from './modules/activities/activities.statistics.ts'
import { CampaignsRepository } from './modules/aid/aid.campaigns.repository.ts'
import { aidCampaignsRoutes } from './modules/aid/aid.campaigns.routes.ts'
import { CampaignsService } from './modules/aid/aid.campaigns.service.ts'
import { aidEraser } from './modules/aid/aid.erasure.ts'
import { AidFundsRepository } from './modules/aid/aid.funds.repository.ts'
import { aidFundsRoutes } from './modules/aid/aid.funds.routes.ts'
import { AidFundsService } from './modules/aid/aid.funds.service.ts'
import { AidLettersRepository } from './modules/aid/aid.letters.repository.ts'
import { aidLettersRoutes } from './modules/aid/aid.letters.routes.ts'
import { AidLetters } from './modules/aid/aid.letters.ts'
import { AidPaymentsRepository } from './modules/aid/aid.payments.repository.ts'
import { aidPaymentsRoutes } from './modules/aid/aid.payments.routes.ts'
import { AidPaymentsService } from './modules/aid/aid.payments.service.ts'
import { AidRequestsRepository } from './modules/aid/aid.requests.repository.ts'
import { aidRequestsRoutes } from './modules/aid/aid.requests.routes.ts'
import { AidRequestsService } from './modules/aid/aid.requests.service.ts'
import { AidSessionsRepository } from './modules/aid/aid.sessions.repository.ts'
import { aidSessionsRoutes } from './modules/aid/aid.sessions.routes.ts'
import { AidSessionsService } from './modules/aid/aid.sessions.service.ts'
import { AidSettingsRepository } from './modules/aid/aid.settings.repository.ts'
import { aidSettingsRoutes } from './modules/aid/aid.settings.routes.ts'
import { AidSettingsService } from './modules/aid/aid.settings.ts'
import { AidShowersRepository } from './modules/aid/aid.showers.repository.ts'
import { aidShowersRoutes } from './modules/aid/aid.showers.routes.ts'
import { AidShowersService } from './modules/aid/aid.showers.service.ts'
import { AidStatisticsRepository } from './modules/aid/aid.statistics.repository.ts'
import { aidStatisticsRoutes } from './modules/aid/aid.statistics.routes.ts'
import { AidStatisticsService } from './modules/aid/aid.statistics.service.ts'
import { AidTypesRepository } from './modules/aid/aid.types.repository.ts'
import { aidTypesRoutes } from './modules/aid/aid.types.routes.ts'
import { AidTypesService } from './modules/aid/aid.types.service.ts'
import { AidVouchersRepository } from './modules/aid/aid.vouchers.repository.ts'
import { aidVouchersRoutes } from './modules/aid/aid.vouchers.routes.ts'
import { AidVouchersService } from './modules/aid/aid.vouchers.service.ts'
import { AppointmentsRepository } from './modules/appointments/appointments.repository.ts'
import { appointmentsRoutes } from './modules/appointments/appointments.routes.ts'
import { AppointmentsService } from './modules/appointments/appointments.service.ts'
import { AuditRepository } from './modules/audit/audit.repository.ts'
import { auditRoutes } from './modules/audit/audit.routes.ts'
import { AuditService } from './modules/audit/audit.service.ts'
import { AuthRepository } from './modules/auth/auth.repository.ts'
import { authRoutes } from './modules/auth/auth.routes.ts'
import { AuthService } from './modules/auth/auth.service.ts'
import { documentsEraser } from './modules/documents/documents.erasure.ts'
import { DocumentsRepository } from './modules/documents/documents.repository.ts'
import { documentsRoutes } from './modules/documents/documents.routes.ts'
import { DocumentsService } from './modules/documents/documents.service.ts'
import { DocumentStorage } from './modules/documents/documents.storage.ts'
import { DomiciliationDecisionsService } from './modules/domiciliation/domiciliation.decisions.ts'
import { domiciliationEraser } from './modules/domiciliation/domiciliation.erasure.ts'
import { domiciliationExportRoutes } from './modules/domiciliation/domiciliation.export.routes.ts'
import { DomiciliationExportService } from './modules/domiciliation/domiciliation.export.service.ts'
import { DomiciliationImportRepository } from './modules/domiciliation/domiciliation.import.repository.ts'
import { domiciliationImportRoutes } from './modules/domiciliation/domiciliation.import.routes.ts'
import { DomiciliationImportService } from './modules/domiciliation/domiciliation.import.service.ts'
import { DomiciliationLetters } from './modules/domiciliation/domiciliation.letters.ts'
import { MailRepository } from './modules/domiciliation/domiciliation.mail.repository.ts'
import { mailRoutes } from './modules/domiciliation/domiciliation.mail.routes.ts'
import { MailService } from './modules/domiciliation/domiciliation.mail.service.ts'
import { ProxiesRepository } from './modules/domiciliation/domiciliation.proxies.repository.ts'
import { proxiesRoutes } from './modules/domiciliation/domiciliation.proxies.routes.ts'
import { ProxiesService } from './modules/domiciliation/domiciliation.proxies.service.ts'
import { DomiciliationReportRepository } from './modules/domiciliation/domiciliation.report.repository.ts'
import { domiciliationReportRoutes } from './modules/domiciliation/domiciliation.report.routes.ts'
import { DomiciliationReportService } from './modules/domiciliation/domiciliation.report.service.ts'
import { DomiciliationRepository } from './modules/domiciliation/domiciliation.repository.ts'
import { domiciliationRoutes } from './modules/domiciliation/domiciliation.routes.ts'
import { DomiciliationService } from './modules/domiciliation/domiciliation.service.ts'
import { DomiciliationSettingsService } from './modules/domiciliation/domiciliation.settings.ts'
import { followupEraser } from './modules/followup/followup.erasure.ts'
import { FollowupInterviewsRepository } from './modules/followup/followup.interviews.repository.ts'
import { FollowupInterviewsService } from './modules/followup/followup.interviews.service.ts'
import { FollowupReferralsRepository } from './modules/followup/followup.referrals.repository.ts'
import { followupReferralsRoutes } from './modules/followup/followup.referrals.routes.ts'
import { FollowupReferralsService } from './modules/followup/followup.referrals.service.ts'
import { FollowupRepository } from './modules/followup/followup.repository.ts'
import { FollowupRightsRepository } from './modules/followup/followup.rights.repository.ts'
import { followupRightsRoutes } from './modules/followup/followup.rights.routes.ts'
import { FollowupRightsService } from './modules/followup/followup.rights.service.ts'
import { followupRoutes } from './modules/followup/followup.routes.ts'
import { FollowupRsaRepository } from './modules/followup/followup.rsa.repository.ts'
import { followupRsaRoutes } from './modules/followup/followup.rsa.routes.ts'
import { FollowupRsaService } from './modules/followup/followup.rsa.service.ts'
import { FollowupService } from './modules/followup/followup.service.ts'
import { caseworkWorklistSections } from './modules/followup/followup.worklist.casework.ts'
import { FollowupWorklistRepository } from './modules/followup/followup.worklist.repository.ts'
import { FollowupWorklistService } from './modules/followup/followup.worklist.service.ts'
import { frontdeskEraser } from './modules/frontdesk/frontdesk.erasure.ts'
import { FrontdeskRepository } from './modules/frontdesk/frontdesk.repository.ts'
import { frontdeskRoutes } from './modules/frontdesk/frontdesk.routes.ts'
import { FrontdeskService } from './modules/frontdesk/frontdesk.service.ts'
import { homeRoutes } from './modules/home/home.routes.ts'
import { HomeService } from './modules/home/home.service.ts'
import { moduleIndicators } from './modules/indicators/indicators.catalogue.ts'
import { IndicatorsRepository } from './modules/indicators/indicators.repository.ts'
import { indicatorsRoutes } from './modules/indicators/indicators.routes.ts'
import { IndicatorsService } from './modules/indicators/indicators.service.ts'
import { networkEraser } from './modules/network/network.erasure.ts'
import { NetworkRepository } from './modules/network/network.repository.ts'
import { volunteersPurge } from './modules/network/network.retention.ts'
import { networkRoutes } from './modules/network/network.routes.ts'
import { NetworkService } from './modules/network/network.service.ts'
import { OperatorRepository } from './modules/operator/operator.repository.ts'
import { operatorRoutes } from './modules/operator/operator.routes.ts'
import { OperatorService } from './modules/operator/operator.service.ts'
import { OrganisationRepository } from './modules/organisation/organisation.repository.ts'
import { organisationRoutes } from './modules/organisation/organisation.routes.ts'
import { OrganisationService } from './modules/organisation/organisation.service.ts'
import { outreachEraser } from './modules/outreach/outreach.erasure.ts'
import { outreachRepositories } from './modules/outreach/outreach.repository.ts'
import { outreachRoutes } from './modules/outreach/outreach.routes.ts'
import { OutreachService } from './modules/outreach/outreach.service.ts'
import { PartnerAgreementsRepository } from './modules/partners/partners.agreements.repository.ts'
import { partnerAgreementsRoutes } from './modules/partners/partners.agreements.routes.ts'
import { PartnerAgreementsService } from './modules/partners/partners.agreements.service.ts'
import { partnerContactsRoutes } from './modules/partners/partners.contacts.routes.ts'
import { PartnerContactsService } from './modules/partners/partners.contacts.service.ts'
import { partnersHsdsRoutes } from './modules/partners/partners.hsds.routes.ts'
import { PartnersHsdsImportService } from './modules/partners/partners.hsds-import.ts'
import { PartnersPortalRepository } from './modules/partners/partners.portal.repository.ts'
import { partnersPortalRoutes } from './modules/partners/partners.portal.routes.ts'
import { PartnersPortalService } from './modules/partners/partners.portal.service.ts'
import { PartnersRepository } from './modules/partners/partners.repository.ts'
import { partnerContactsPurge } from './modules/partners/partners.retention.ts'
import { partnersRoutes } from './modules/partners/partners.routes.ts'
import { PartnersService } from './modules/partners/partners.service.ts'
import { peopleEraser } from './modules/people/people.erasure.ts'
import { PeopleRepository } from './modules/people/people.repository.ts'
import { peopleRoutes } from './modules/people/people.routes.ts'
import { PeopleService } from './modules/people/people.service.ts'
import { PricingRepository } from './modules/pricing/pricing.repository.ts'
import { pricingRoutes } from './modules/pricing/pricing.routes.ts'
import { PricingService } from './modules/pricing/pricing.service.ts'
import { ReadingAlerts } from './modules/privacy/privacy.alerts.ts'
import { privacyEraser } from './modules/privacy/privacy.erasure.ts'
import { PrivacyRepository } from './modules/privacy/privacy.repository.ts'
import { RightsRequestsRepository } from './modules/privacy/privacy.requests.repository.ts'
import { RightsRequestsService } from './modules/privacy/privacy.requests.service.ts'
import { rightsRequestsPurge } from './modules/privacy/privacy.retention.ts'
import { privacyRoutes } from './modules/privacy/privacy.routes.ts'
import { PrivacyService } from './modules/privacy/privacy.service.ts'
import { PrivacySweeper } from './modules/privacy/privacy.sweeper.ts'
import { registerEraser } from './modules/register/register.erasure.ts'
import { RegisterRepository } from './modules/register/register.repository.ts'
import { alertCallsPurge } from './modules/register/register.retention.ts'
import { registerRoutes } from './modules/register/register.routes.ts'
import { RegisterService } from './modules/register/register.service.ts'
import { reportsEraser } from './modules/reports/reports.erasure.ts'
import { ReportsRepository } from './modules/reports/reports.repository.ts'
import { reportsRoutes } from './modules/reports/reports.routes.ts'
import { ReportsService } from './modules/reports/reports.service.ts'
import { AccessRules } from './platform/access-rules.ts'
import { maintainWithoutAutovacuum } from './platform/database-maintenance.ts'
import { problem, registerErrorHandling } from './platform/errors.ts'
import { banGeocoder, noGeocoder } from './platform/geocoder.ts'
import { webFilesOptions } from './platform/http-caching.ts'
import { clientErrorHandler, frameworkErrors, registerSecurityHeaders } from './platform/http-hardening.ts'
import { IndicatorRegistry } from './platform/indicators.ts'
import { prettyDestination } from './platform/log-format.ts'
import { loggerOptions, OneLinePerRequest } from './platform/logger.ts'
import { LoginThrottle } from './platform/login-throttle.ts'
import type { Mailer } from './platform/mail.ts'
import { registerMetrics } from './platform/metrics.ts'
import { emailHandler, OutboxSweeper } from './platform/outbox.ts'
import { PeriodicJobs } from './platform/periodic-jobs.ts'
import { readiness } from './platform/readiness.ts'
import { registerRequestAuth } from './platform/request-auth.ts'
import { PersonErasers, RetentionPurges } from './platform/retention.ts'
import { SessionStore } from './platform/sessions.ts'
import { TimelineRegistry } from './platform/timeline.ts'

export interface AppDeps {
  config: Config
  db: Db
  mailer: Mailer
  /** Which database, and for PostgreSQL its pool's state, reported by `/metrics`. */
  database?: Pick<DatabaseHandle, 'kind' | 'poolStats'>
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: DestinationStream
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web')

/** Builds the whole HTTP app with its dependencies made explicit; nothing here reads the environment. */
export async function buildApp(deps: AppDeps) {
  const { config, db } = deps
  const { trustProxy } = config
  const app = Fastify({
    logger: loggerOptions(
      config.logLevel,
      deps.logStream ?? (config.logFormat === 'pretty' ? prettyDestination() : undefined),
    ),
    logController: new OneLinePerRequest(),
    // A hop count trusts that many proxies from the socket inward; never any X-Forwarded-For at all.
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors,
    clientErrorHandler,
    bodyLimit: 1_048_576,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandling(app)
  registerSecurityHeaders(app, { mapTileUrl: config.map.tileUrl })

  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'API Trame',
        description:
          "API de Trame, la plateforme de l'action sociale municipale. Erreurs au format RFC 9457.",
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'trame_session' } } },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })

  // Every route, as registered: the security tests check that each one has a row in its module's table.
  const routes: { method: string; url: string }[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })

  const sessions = new SessionStore(db, config.session)
  registerRequestAuth(app, sessions)

  // Services get only the repositories they use.
  const loginThrottle = new LoginThrottle(db, config.loginThrottle)
  // Modules narrow some of their actions beyond the role table (the register's designated team).
  const accessRules = new AccessRules()
  const authService = new AuthService(
    new AuthRepository(db),
    sessions,
    loginThrottle,
    config.publicUrl,
    accessRules,
  )
  const organisationService = new OrganisationService(new OrganisationRepository(db), authService, sessions)
  const operatorService = new OperatorService(
    new OperatorRepository(db),
    authService,
    sessions,
    loginThrottle,
    config.session,
    config.documents.dir,
  )
  const auditService = new AuditService(new AuditRepository(db))
  const partnersService = new PartnersService(new PartnersRepository(db))
  // Modules add what they record about a person to the person's timeline.
  const timeline = new TimelineRegistry()
  // Modules add the figures they produce to the catalogue of indicators (see platform/indicators.ts).
  const indicators = new IndicatorRegistry()
  const peopleService = new PeopleService(new PeopleRepository(db), timeline)
  const pricingService = new PricingService(new PricingRepository(db), peopleService)
  const frontdeskService = new FrontdeskService(new FrontdeskRepository(db), peopleService)
  timeline.register(frontdeskService.timelineSource())
  const rightsService = new FollowupRightsService(new FollowupRightsRepository(db), peopleService)
  timeline.register(rightsService.timelineSource())
  const rsaService = new FollowupRsaService(new FollowupRsaRepository(db), peopleService)
  timeline.register(rsaService.timelineSource())
  const referralsService = new FollowupReferralsService(
    new FollowupReferralsRepository(db),
    peopleService,
    partnersService,
  )
  timeline.register(referralsService.timelineSource())
  const appointmentsService = new AppointmentsService(
    new AppointmentsRepository(db),
    peopleService,
    config.publicUrl,
  )
  timeline.register(appointmentsService.timelineSource())
  const outreachService = new OutreachService(
    outreachRepositories(db),
    peopleService,
    frontdeskService,
    rightsService,
    referralsService,
    config.map,
  )
  timeline.register(outreachService.timelineSource())
  const registerService = new RegisterService(
    new RegisterRepository(db),
    peopleService,
    frontdeskService,
    organisationService,
    config.publicUrl,
  )
  timeline.register(registerService.timelineSource())
  accessRules.register(registerService.accessRule())
  const networkService = new NetworkService(
    new NetworkRepository(db),
    peopleService,
    frontdeskService,
    organisationService,
    registerService.referrals,
    config.publicUrl,
    loginThrottle,
    config.session,
    config.geocoderUrl ? banGeocoder(config.geocoderUrl, app.log) : noGeocoder,
    config.map,
  )
  timeline.register(networkService.timelineSource())
  // A report about someone isolated at home is handed to the neighbour network's coordinator.
  const reportsService = new ReportsService(
    new ReportsRepository(db),
    peopleService,
    frontdeskService,
    organisationService,
    networkService,
  )
  timeline.register(reportsService.timelineSource())
  // Follow-up: support records of a person or household, their interviews and the professional's worklist.
  const followupService = new FollowupService(new FollowupRepository(db), peopleService)
  const documentsService = new DocumentsService(
    new DocumentsRepository(db),
    new DocumentStorage(config.documents.dir),
    peopleService,
    config.documents,
  )
  timeline.register(documentsService.timelineSource())
  // Domiciliation's workflow: periods and their instruction, decisions, printable documents, settings.
  const domiciliationRepository = new DomiciliationRepository(db)
  const domiciliationSettings = new DomiciliationSettingsService(domiciliationRepository)
  const domiciliationService = new DomiciliationService(
    domiciliationRepository,
    peopleService,
    documentsService,
    domiciliationSettings,
  )
  timeline.register(domiciliationService.timelineSource())
  const domiciliationLetters = new DomiciliationLetters(
    domiciliationService,
    peopleService,
    organisationService,
    documentsService,
  )
  const domiciliationDecisions = new DomiciliationDecisionsService(
    domiciliationService,
    config.publicUrl,
    (actor, id) => domiciliationLetters.fileCertificate(actor, id),
  )
  // DomiFa: imports of its files (kept on disk between the check and the import), export, yearly report.
  const domifaImportService = new DomiciliationImportService(
    new DomiciliationImportRepository(db),
    peopleService,
    path.join(config.documents.dir, '.domifa-imports'),
    app.log,
  )
  // An import running when the app closes is waited for, not cut between two batches.
  app.addHook('onClose', () => domifaImportService.settled())
  const domifaReportRepository = new DomiciliationReportRepository(db)
  const domifaExportService = new DomiciliationExportService(domifaReportRepository, peopleService)
  const domifaReportService = new DomiciliationReportService(domifaReportRepository, peopleService)
  const interviewsService = new FollowupInterviewsService(
    new FollowupInterviewsRepository(db),
    followupService,
    frontdeskService,
  )
  timeline.register(interviewsService.timelineSource())
  // Casework adds its sections (appointments, rights ending, referrals without answer) with addSection.
  const worklistService = new FollowupWorklistService(new FollowupWorklistRepository(db), followupService)
  for (const section of caseworkWorklistSections({
    appointments: appointmentsService,
    rights: rightsService,
    referrals: referralsService,
  }))
    worklistService.addSection(section)
  // Domiciliation's mail: logged, handed over (in the front desk visit too), proxies.
  const proxiesService = new ProxiesService(new ProxiesRepository(db), peopleService)
  const mailService = new MailService(new MailRepository(db), peopleService, frontdeskService, proxiesService)
  frontdeskService.addContactListener(mailService.contactListener())
  timeline.register(mailService.timelineSource())
  // Aid's money: funds and budgets, payments of granted requests, numbered vouchers, the showers.
  // Aid's settings (quorum, names shown, the budget warning's share): one reader for every aid service.
  const aidSettings = new AidSettingsService(new AidSettingsRepository(db))
  const aidFundsService = new AidFundsService(new AidFundsRepository(db), aidSettings)
  const aidPaymentsService = new AidPaymentsService(
    new AidPaymentsRepository(db),
    aidFundsService,
    peopleService,
  )
  timeline.register(aidPaymentsService.timelineSource())
  const aidVouchersService = new AidVouchersService(
    new AidVouchersRepository(db),
    aidPaymentsService,
    peopleService,
  )
  timeline.register(aidVouchersService.timelineSource())
  const aidShowersService = new AidShowersService(new AidShowersRepository(db))
  // Aid's seasonal campaigns: registrations from the desk and the seniors line, the distribution.
  const aidCampaignsService = new CampaignsService(
    new CampaignsRepository(db),
    peopleService,
    pricingService,
    organisationService,
  )
  timeline.register(aidCampaignsService.timelineSource())
  // Aid's règlement and requests (budget, documents, urgent decisions).
  const aidTypesService = new AidTypesService(new AidTypesRepository(db))
  const aidRequestsService = new AidRequestsService(
    new AidRequestsRepository(db),
    aidTypesService,
    peopleService,
    documentsService,
    pricingService,
    followupService,
  )
  timeline.register(aidRequestsService.timelineSource())
  // Accommodation's admissions: requests, their medical part and opinions, the decision.
  const admissionRequestsService = new AdmissionRequestsService(
    new AdmissionRequestsRepository(db),
    peopleService,
    followupService,
  )
  timeline.register(admissionRequestsService.timelineSource())
  const admissionMedicalService = new AdmissionMedicalService(admissionRequestsService)
  const admissionValidationService = new AdmissionValidationService(admissionRequestsService)
  const aidStatisticsService = new AidStatisticsService(new AidStatisticsRepository(db))
  // Each module says what waits for the user on the home page, and the first steps it owns.
  const homeService = new HomeService()
  for (const service of [
    organisationService,
    frontdeskService,
    pricingService,
    outreachService,
    reportsService,
    registerService,
    networkService,
  ]) {
    homeService.register(service.homeSource())
  }

  registerMetrics(app, config.metricsToken, {
    db,
    database: deps.database,
    jobs: () => jobs.lastSuccesses(),
  })
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    const state = await readiness(db)
    if (state.ready) return { status: 'ready' }
    return reply.status(503).header('retry-after', '5').send({ status: 'not_ready', reason: state.reason })
  })

  await app.register(authRoutes(authService, { secureCookies: config.env === 'production' }))
  await app.register(organisationRoutes(organisationService))
  await app.register(operatorRoutes(operatorService, { secureCookies: config.env === 'production' }))
  await app.register(auditRoutes(auditService))
  await app.register(peopleRoutes(peopleService))
  await app.register(frontdeskRoutes(frontdeskService))
  await app.register(partnersRoutes(partnersService))
  await app.register(partnersHsdsRoutes(new PartnersHsdsImportService(db, partnersService)))
  // Partners' contacts: staff invite them; they sign in on the partner page and answer referrals.
  const partnersPortalRepository = new PartnersPortalRepository(db)
  const partnerContactsService = new PartnerContactsService(
    partnersPortalRepository,
    organisationService,
    config.publicUrl,
  )
  await app.register(partnerContactsRoutes(partnerContactsService))
  await app.register(
    partnersPortalRoutes(
      new PartnersPortalService(partnersPortalRepository, organisationService, loginThrottle, config.session),
      { secureCookies: config.env === 'production' },
    ),
  )
  await app.register(pricingRoutes(pricingService))
  await app.register(outreachRoutes(outreachService))
  await app.register(reportsRoutes(reportsService))
  await app.register(networkRoutes(networkService, { secureCookies: config.env === 'production' }))
  await app.register(registerRoutes(registerService))
  await app.register(homeRoutes(homeService))
  await app.register(followupRightsRoutes(rightsService))
  await app.register(followupRsaRoutes(rsaService))
  await app.register(followupReferralsRoutes(referralsService))
  await app.register(documentsRoutes(documentsService, config.documents))
  await app.register(domiciliationImportRoutes(domifaImportService, { maxBytes: 64 * 1024 * 1024 }))
  await app.register(domiciliationExportRoutes(domifaExportService))
  await app.register(domiciliationReportRoutes(domifaReportService))
  await app.register(appointmentsRoutes(appointmentsService))
  await app.register(followupRoutes(followupService, interviewsService, worklistService))
  await app.register(mailRoutes(mailService))
  await app.register(proxiesRoutes(proxiesService))
  await app.register(aidCampaignsRoutes(aidCampaignsService))
  await app.register(aidStatisticsRoutes(aidStatisticsService))
  await app.register(
    domiciliationRoutes({
      periods: domiciliationService,
      decisions: domiciliationDecisions,
      letters: domiciliationLetters,
      settings: domiciliationSettings,
    }),
  )

  await app.register(aidFundsRoutes(aidFundsService))
  await app.register(aidPaymentsRoutes(aidPaymentsService))
  // Aid's commission: its sessions and agendas, the commission members' view.
  const aidSessions = new AidSessionsService(new AidSessionsRepository(db), aidSettings)
  homeService.register(aidSessions.homeSource())
  await app.register(aidSettingsRoutes(aidSettings))
  await app.register(aidSessionsRoutes(aidSessions))
  await app.register(
    aidLettersRoutes(
      new AidLetters(
        new AidLettersRepository(db),
        aidSessions,
        aidSettings,
        peopleService,
        organisationService,
      ),
    ),
  )
  await app.register(aidVouchersRoutes(aidVouchersService))
  await app.register(aidShowersRoutes(aidShowersService))
  await app.register(aidTypesRoutes(aidTypesService))
  await app.register(aidRequestsRoutes(aidRequestsService))
  // Accommodation's leases, subleases and rents; its statistics (counts per structure and period, never a name).
  const accommodationLeasesService = new AccommodationLeasesService(
    new AccommodationLeasesRepository(db),
    peopleService,
  )
  timeline.register(accommodationLeasesService.timelineSource())
  await app.register(accommodationLeasesRoutes(accommodationLeasesService))
  const accommodationStatisticsService = new AccommodationStatisticsService(
    new AccommodationStatisticsRepository(db),
  )
  await app.register(accommodationStatisticsRoutes(accommodationStatisticsService))
  await app.register(admissionRequestsRoutes(admissionRequestsService))
  await app.register(admissionMedicalRoutes(admissionMedicalService))
  await app.register(admissionValidationRoutes(admissionValidationService))

  // Accommodation's structures, places and the occupancy board; partners' agreements; its settings.
  const partnerAgreements = new PartnerAgreementsService(new PartnerAgreementsRepository(db))
  homeService.register(partnerAgreements.homeSource())
  homeService.register(referralsService.homeSource())
  const structuresRepository = new StructuresRepository(db)
  const structuresService = new StructuresService(structuresRepository, partnerAgreements)
  const accommodationSettings = new AccommodationSettingsService(db)
  await app.register(partnerAgreementsRoutes(partnerAgreements))
  await app.register(accommodationStructuresRoutes(structuresService))
  await app.register(accommodationPlacesRoutes(structuresService))
  await app.register(
    accommodationBoardRoutes(new BoardService(structuresRepository, structuresService, peopleService)),
  )
  await app.register(accommodationSettingsRoutes(accommodationSettings))
  // Accommodation's stays: entries, moves, renewals, exits, on the person's timeline.
  const accommodationStaysService = new AccommodationStaysService(
    new AccommodationStaysRepository(db),
    peopleService,
    followupService,
    accommodationSettings,
  )
  timeline.register(accommodationStaysService.timelineSource())
  await app.register(
    accommodationStaysRoutes(
      accommodationStaysService,
      new AccommodationRenewalsService(accommodationStaysService),
    ),
  )

  // Group activities: kinds, activities, sessions, participants named and counted, distinct participants.
  const activitiesRepository = new ActivitiesRepository(db)
  const activitiesService = new ActivitiesService(activitiesRepository, peopleService)
  timeline.register(activitiesService.timelineSource())
  const activitiesStatistics = new ActivitiesStatistics(activitiesRepository)
  await app.register(activitiesRoutes(activitiesService, activitiesStatistics))
  for (const indicator of activityIndicators(activitiesStatistics, activitiesRepository))
    indicators.register(indicator)
  // The catalogue of indicators: the figures of the modules that counted for themselves before it.
  const indicatorsRepository = new IndicatorsRepository(db)
  for (const indicator of moduleIndicators({
    repo: indicatorsRepository,
    frontdesk: frontdeskService,
    outreach: outreachService,
    network: networkService,
    register: registerService,
    followup: worklistService,
    aid: aidStatisticsService,
    accommodation: accommodationStatisticsService,
    domiciliation: domifaReportService,
  })) {
    indicators.register(indicator)
  }
  await app.register(indicatorsRoutes(new IndicatorsService(indicatorsRepository, indicators)))

  // Privacy by default: every module's activity (the timelines) says when a file was last in
  // contact; every module erases its own part of a file at the end of its retention.
  const erasers = new PersonErasers()
  for (const eraser of [
    peopleEraser,
    frontdeskEraser,
    outreachEraser,
    reportsEraser,
    followupEraser,
    registerEraser,
    networkEraser,
    domiciliationEraser,
    aidEraser,
    accommodationEraser,
    activitiesEraser,
    privacyEraser,
    documentsEraser(new DocumentStorage(config.documents.dir)),
  ]) {
    erasers.register(eraser)
  }
  const purges = new RetentionPurges()
  purges.register(alertCallsPurge)
  purges.register(volunteersPurge)
  purges.register(rightsRequestsPurge)
  purges.register(partnerContactsPurge)
  const privacyService = new PrivacyService(
    db,
    new PrivacyRepository(db),
    new PrivacySweeper(timeline, erasers, purges),
  )
  const rightsRequests = new RightsRequestsService(
    db,
    new RightsRequestsRepository(db),
    new PrivacyRepository(db),
  )
  timeline.register(rightsRequests.timelineSource(() => todayInFrance()))
  const readingAlerts = new ReadingAlerts(db)
  await app.register(privacyRoutes(privacyService, rightsRequests, readingAlerts))

  // The web app: static files, and index.html for every client-side route; problem details for the rest.
  const webBuilt = existsSync(path.join(WEB_DIST, 'index.html'))
  if (webBuilt) await app.register(fastifyStatic, webFilesOptions(WEB_DIST))
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? ''
    if (webBuilt && request.method === 'GET' && !url.startsWith('/api/') && !path.extname(url)) {
      return reply.type('text/html').sendFile('index.html')
    }
    return reply
      .status(404)
      .type('application/problem+json')
      .send(problem('NOT_FOUND', 404, ERROR_MESSAGES.NOT_FOUND))
  })

  const sweeper = new OutboxSweeper(db, {
    handlers: {
      email: emailHandler(deps.mailer),
      ...authService.outboxHandlers(),
      ...partnerContactsService.outboxHandlers(),
    },
    logger: app.log,
    intervalMs: config.outboxIntervalSeconds * 1000,
  })

  // Modules add the work they do on their own (escalations, reminders) with `jobs.add`.
  const jobs = new PeriodicJobs(db, app.log)
  jobs.add({
    name: 'register.review-reminders',
    everyMs: 6 * 3600_000,
    run: (now, db) => registerService.sendReviewReminders(now, db),
  })
  jobs.add({
    name: 'network.escalate-waiting-needs',
    everyMs: 5 * 60_000,
    run: (now, connection) => networkService.escalation.escalateWaitingNeeds(now, connection),
  })
  jobs.add({
    name: 'network.announce-new-reports',
    everyMs: 5 * 60_000,
    run: (now, connection) => networkService.memberReports.announceNewReports(now, connection),
  })

  jobs.add({
    name: 'domiciliation.renewal-reminders',
    everyMs: 6 * 3600_000,
    run: (now, connection) => domiciliationDecisions.sendRenewalReminders(now, connection),
  })
  jobs.add({
    name: 'database.maintenance',
    everyMs: 10 * 60_000,
    run: (_now, connection) => maintainWithoutAutovacuum(connection),
  })
  jobs.add({
    name: 'privacy.retention-sweep',
    everyMs: 24 * 3600_000,
    run: (now, connection) => privacyService.run(now, connection),
  })
  jobs.add({
    name: 'privacy.reading-alerts',
    everyMs: 3600_000,
    run: (now, connection) => readingAlerts.run(now, connection),
  })
  jobs.add({
    name: 'appointments.send-reminders',
    everyMs: 3600_000,
    run: (now, connection) => appointmentsService.sendReminders(now, connection),
  })

  return { app, sweeper, jobs, authService, routes }
}
