import {
  allow,
  type Caller,
  describeRouteSecurity,
  type Expected,
  setUpSecurityWorld,
} from '../../../../tests/support/route-security.ts'

/**
 * The register team of A is its confidential PAEJ team, which none of A's callers belongs to: only the
 * director reaches the register. Social workers and volunteer coordinators hold the permission but are
 * not designated: 403 on the register's lists, 404 on its records, as for a confidential team.
 */
const world = setUpSecurityWorld(async (w) => {
  const ok = async (response: { statusCode: number; body: string; json: () => { id: string } }) => {
    if (response.statusCode >= 300) throw new Error(response.body)
    return response.json().id
  }
  const director = w.clients.director
  await ok(
    await director.put('/api/register/settings', {
      teamId: w.orgA.confidentialTeamId,
      retryDelayMinutes: 60,
      maxAttempts: 3,
    }),
  )
  // Nobody to call yet: this plan can be closed.
  const emptyPlan = await ok(
    await director.post('/api/register/plans', { kind: 'other', startsOn: '2026-01-10' }),
  )
  const person = async (lastName: string) =>
    ok(await director.post('/api/people', { lastName, birthDate: '1940-03-03' }))
  const entry = async (personId: string, extra: object = {}) =>
    ok(
      await director.post('/api/register/entries', {
        personId,
        ground: 'age_65',
        livesAtHome: true,
        requestedBy: 'self',
        ...extra,
      }),
    )
  const thirdParty = { requestedBy: 'third_party', requesterName: 'Voisine Registrelle' }
  const entries = {
    main: await entry(w.people.a, { ground: 'disabled_adult', disabilityProof: 'aah' }),
    toConfirm: await entry(await person('Registreconfirme'), thirdParty),
    toObject: await entry(await person('Registreoppose'), thirdParty),
    toDelete: await entry(await person('Registreradie')),
  }
  const plan = await ok(
    await director.post('/api/register/plans', { kind: 'heatwave', startsOn: '2026-07-01' }),
  )
  const calls = (await director.get(`/api/register/plans/${plan}/calls`)).json().items as {
    id: string
    personId: string
  }[]
  // Reports of isolated people the network coordinator sends on to the register team.
  const referral = async (about: string) => {
    const report = await w.ctx.db
      .insertInto('network_member_reports')
      .values({ organisation_id: w.orgA.id, about, location: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await ok(
      await w.clients.volunteer_coordinator.post(`/api/network/member-reports/${report.id}/close`, {
        outcome: 'register_referral',
      }),
    )
    const row = await w.ctx.db
      .selectFrom('register_referrals')
      .select('id')
      .where('member_report_id', '=', report.id)
      .executeTakeFirstOrThrow()
    return row.id
  }
  const referrals = {
    toRegister: await referral('Signalement Registrinscrit : ne sort plus.'),
    toDismiss: await referral('Signalement Registreclasse : volets fermés.'),
  }
  return {
    entries,
    referrals,
    emptyPlan,
    plan,
    // The call of the entry that no row deletes.
    callId: calls.find((c) => c.personId === w.people.a)!.id,
    newPerson: await person('Registrenouveau'),
    referredPerson: await person('Registresignale'),
    // A person of B that B's user may register: only the referral of A makes their request fail.
    personOfB: await ok(
      await w.clients.otherOrganisation.post('/api/people', {
        lastName: 'Zéphyrine',
        birthDate: '1940-03-03',
      }),
    ),
  }
})

/** A register list: the director; the others with the permission are refused (403). */
const list = (ok: number, other = ok): Expected => allow(['director'], ok, other)
/** A register record: the director; the undesignated with the permission get 404, as for a secret. */
const record = (ok: number): Expected => ({
  ...allow(['director'], ok, 404),
  social_worker: 404,
  volunteer_coordinator: 404,
})
const entryUrl =
  (key: keyof typeof world.entries, suffix = '') =>
  () =>
    `/api/register/entries/${world.entries[key]}${suffix}`
const hidesOthers = (caller: Caller) => (caller === 'director' ? [] : ['Registre'])

describeRouteSecurity(
  'register',
  world,
  ['/api/register'],
  [
    {
      method: 'GET',
      route: '/api/register/settings',
      url: () => '/api/register/settings',
      expected: allow(['administrator', 'director'], 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/register/settings',
      url: () => '/api/register/settings',
      body: (caller) => ({
        teamId:
          caller === 'otherOrganisation' ? world.orgB.confidentialTeamId : world.orgA.confidentialTeamId,
        retryDelayMinutes: 60,
        maxAttempts: 3,
      }),
      expected: allow(['administrator', 'director'], 200, 200),
    },
    {
      method: 'PUT',
      route: '/api/register/settings',
      label: "another organisation's team",
      url: () => '/api/register/settings',
      body: () => ({ teamId: world.orgA.confidentialTeamId, retryDelayMinutes: 60, maxAttempts: 3 }),
      expected: allow(['administrator', 'director'], 200, 400),
    },
    {
      method: 'GET',
      route: '/api/register/entries',
      url: () => '/api/register/entries',
      expected: list(200),
      shows: (caller) => (caller === 'director' ? [world.people.a] : []),
    },
    {
      method: 'POST',
      route: '/api/register/entries',
      url: () => '/api/register/entries',
      body: (caller) => ({
        personId: caller === 'otherOrganisation' ? world.people.b : world.newPerson,
        ground: 'disabled_adult',
        disabilityProof: 'pch',
        livesAtHome: true,
        requestedBy: 'self',
      }),
      expected: list(201),
    },
    {
      method: 'POST',
      route: '/api/register/entries',
      label: 'a person of another organisation',
      url: () => '/api/register/entries',
      body: (caller) => ({
        personId: caller === 'otherOrganisation' ? world.people.a : world.people.b,
        ground: 'disabled_adult',
        disabilityProof: 'pch',
        livesAtHome: true,
        requestedBy: 'self',
      }),
      expected: list(400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'POST',
      route: '/api/register/entries',
      label: 'from a referral of the network',
      url: () => '/api/register/entries',
      body: (caller) => ({
        personId: caller === 'otherOrganisation' ? world.personOfB : world.referredPerson,
        ground: 'age_65',
        livesAtHome: true,
        requestedBy: 'third_party',
        requesterName: 'Signalement du réseau',
        referralId: world.referrals.toRegister,
      }),
      // B's user reaches their own register, but A's referral is unknown to them.
      expected: allow(['director'], 201, 400),
      codes: { 400: 'VALIDATION_FAILED' },
    },
    {
      method: 'GET',
      route: '/api/register/referrals',
      url: () => '/api/register/referrals',
      expected: list(200),
      shows: (caller) => (caller === 'director' ? ['Registreclasse', world.referrals.toDismiss] : []),
    },
    {
      method: 'POST',
      route: '/api/register/referrals/:id/dismiss',
      url: () => `/api/register/referrals/${world.referrals.toDismiss}/dismiss`,
      body: () => ({ reason: 'Déjà suivie par le service d’aide à domicile.' }),
      expected: record(200),
    },
    {
      method: 'GET',
      route: '/api/register/entries/:id',
      url: entryUrl('main'),
      expected: record(200),
      shows: () => [world.people.a],
    },
    {
      method: 'PATCH',
      route: '/api/register/entries/:id',
      url: entryUrl('main'),
      body: () => ({ bestCallTimes: 'le matin' }),
      expected: record(200),
    },
    {
      method: 'POST',
      route: '/api/register/entries/:id/review',
      url: entryUrl('main', '/review'),
      expected: record(200),
    },
    {
      method: 'GET',
      route: '/api/register/entries/:id/acknowledgement.pdf',
      url: entryUrl('toConfirm', '/acknowledgement.pdf'),
      expected: record(200),
    },
    {
      method: 'POST',
      route: '/api/register/entries/:id/confirm',
      url: entryUrl('toConfirm', '/confirm'),
      expected: record(200),
    },
    {
      method: 'POST',
      route: '/api/register/entries/:id/objection',
      url: entryUrl('toObject', '/objection'),
      expected: record(200),
    },
    {
      method: 'DELETE',
      route: '/api/register/entries/:id',
      url: entryUrl('toDelete'),
      expected: record(200),
    },
    {
      method: 'GET',
      route: '/api/register/counts',
      url: () => '/api/register/counts',
      expected: list(200),
    },
    {
      method: 'GET',
      route: '/api/register/export.csv',
      url: () => '/api/register/export.csv',
      expected: list(200),
      hides: hidesOthers,
    },
    {
      method: 'GET',
      route: '/api/register/plans',
      url: () => '/api/register/plans',
      expected: list(200),
    },
    {
      method: 'POST',
      route: '/api/register/plans',
      url: () => '/api/register/plans',
      body: () => ({ kind: 'extreme_cold', startsOn: '2026-12-01', endsOn: '2026-12-10' }),
      expected: list(201),
    },
    {
      method: 'GET',
      route: '/api/register/plans/:id',
      url: () => `/api/register/plans/${world.plan}`,
      expected: record(200),
    },
    {
      method: 'GET',
      route: '/api/register/plans/:id/calls',
      url: () => `/api/register/plans/${world.plan}/calls`,
      expected: record(200),
      shows: () => [world.people.a],
    },
    {
      method: 'GET',
      route: '/api/register/plans/:id/call-list.pdf',
      url: () => `/api/register/plans/${world.plan}/call-list.pdf`,
      expected: record(200),
    },
    {
      method: 'GET',
      route: '/api/register/call-log',
      url: () => '/api/register/call-log',
      expected: list(200),
    },
    {
      method: 'GET',
      route: '/api/register/call-log',
      label: 'for one plan',
      url: () => `/api/register/call-log?planId=${world.plan}`,
      expected: record(200),
    },
    {
      method: 'POST',
      route: '/api/register/calls/:id/outcome',
      url: () => `/api/register/calls/${world.callId}/outcome`,
      body: () => ({ outcome: 'no_answer' }),
      expected: record(200),
    },
    {
      method: 'POST',
      route: '/api/register/plans/:id/close',
      url: () => `/api/register/plans/${world.emptyPlan}/close`,
      // Only the director may close a plan: the designated team's members hold no `register.alert`.
      expected: { ...allow(['director'], 200, 404), social_worker: 403, volunteer_coordinator: 403 },
    },
  ],
)
