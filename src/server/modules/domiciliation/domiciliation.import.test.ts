import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { multipartBody } from '../../../../tests/support/multipart.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import type { DomiciliationImport } from '../../../shared/domiciliation-domifa.ts'
import { domifaWorkbook, generatedLine, writeDomifaFile } from './domiciliation.import.test-files.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let worker: ApiClient
let otherOrg: ApiClient

const upload = (client: ApiClient, content: Buffer, name = 'domifa.xlsx') => {
  const { payload, headers } = multipartBody({}, { name, content })
  return client.request('POST', '/api/domiciliation-imports', payload, headers)
}

/** Waits for an import to be over, reading its progress as the screen does. */
async function finished(client: ApiClient, id: string) {
  for (;;) {
    const response = await client.get(`/api/domiciliation-imports/${id}`)
    const view = response.json() as DomiciliationImport
    if (view.status !== 'importing') return view
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const count = async (
  table: 'people' | 'domiciliations' | 'domiciliation_decisions' | 'domiciliation_beneficiaries',
) =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organisation_id', '=', org.id)
        .executeTakeFirstOrThrow()
    ).n,
  )

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  const orgB = await createOrganisation(ctx, 'CCAS B')
  otherOrg = await signedIn(ctx, await createUser(ctx, orgB.id, { roles: ['social_worker'] }))
})
afterAll(async () => {
  await ctx?.close()
})

describe('importing a DomiFa file', () => {
  const small = () =>
    domifaWorkbook([
      {
        customId: 'A-1',
        civility: 'Mme',
        lastName: 'Rivière',
        firstNames: 'Élodie',
        alias: 'Lodie',
        // An Excel date cell.
        birthDate: new Date(Date.UTC(1984, 1, 29)),
        phone: '06 11 22 33 44',
        email: 'elodie@example.org',
        status: 'VALIDE',
        kind: 'PREMIERE',
        startOn: new Date(Date.UTC(2025, 2, 1)),
        lastContactOn: '15/09/2025',
        linkWithCommune: 'Résidence sur la commune',
        comments: 'Arrivée par le CHRS',
        beneficiaries: [
          ['Rivière', 'Tom', '12/05/2015', 'ENFANT'],
          ['Durand', 'Marc', '', 'CONJOINT'],
        ],
      },
      {
        customId: 'A-2',
        civility: 'H',
        lastName: 'Martin',
        firstNames: 'Paul',
        birthDate: '03/07/1970',
        status: 'REFUS',
        refusalMotif: 'LIEN_COMMUNE',
        kind: 'PREMIERE',
        startOn: '10/01/2025',
      },
      {
        customId: 'A-3',
        civility: 'H',
        lastName: 'Bernard',
        firstNames: 'Luc',
        birthDate: '1966-11-02',
        status: 'RADIE',
        radiationMotif: 'ENTREE_LOGEMENT',
        kind: 'RENOUVELLEMENT',
        startOn: '01/02/2024',
        endOn: '30/06/2025',
        firstDomiciledOn: '01/02/2021',
      },
    ])

  it('shows a preview that matches an existing file and writes nothing until started', async () => {
    // Paul Martin already has a file: the duplicate check finds him (accents and case aside).
    const existing = await worker.post('/api/people', {
      lastName: 'MARTIN',
      firstNames: 'paul',
      birthDate: '1970-07-03',
      teamId: org.teamId,
    })
    expect(existing.statusCode, existing.body).toBe(201)
    const peopleBefore = await count('people')

    const response = await upload(worker, await small())
    expect(response.statusCode, response.body).toBe(201)
    const preview = response.json() as DomiciliationImport
    expect(preview).toMatchObject({
      status: 'valid',
      totalRows: 3,
      matchedPeople: 1,
      newPeople: 2,
      alreadyImported: 0,
      errorCount: 0,
      errors: [],
    })
    expect(await count('people')).toBe(peopleBefore)
    expect(await count('domiciliations')).toBe(0)

    const started = await worker.post(`/api/domiciliation-imports/${preview.id}/start`, {})
    expect(started.statusCode, started.body).toBe(202)
    const done = await finished(worker, preview.id)
    expect(done).toMatchObject({ status: 'done', processedRows: 3, createdPeople: 4 })
    // Two main people and two ayants droit created; Paul Martin's file reused.
    expect(await count('people')).toBe(peopleBefore + 4)

    const periods = await ctx.db
      .selectFrom('domiciliations')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .orderBy('external_ref')
      .execute()
    expect(
      periods.map((p) => [
        p.external_ref,
        p.status,
        p.kind,
        p.start_on,
        p.end_on,
        p.refusal_motif,
        p.radiation_motif,
      ]),
    ).toEqual([
      ['A-1', 'granted', 'first', '2025-03-01', '2026-02-28', null, null],
      ['A-2', 'refused', 'first', null, null, 'no_link_with_commune', null],
      ['A-3', 'radiated', 'renewal', '2024-02-01', '2025-06-30', null, 'housed'],
    ])
    expect(periods[1]!.person_id).toBe(existing.json().id)
    expect(periods[0]!.first_domiciled_on).toBe('2025-03-01')
    expect(periods[2]!.first_domiciled_on).toBe('2021-02-01')
    expect(periods[2]!.radiation_on).toBe('2025-06-30')
    expect(periods[0]!.instruction).toEqual({ linkWithCommune: 'Résidence sur la commune' })
    expect(periods[0]!.comments).toBe('Arrivée par le CHRS')
    // The last visit, a day in France.
    expect(new Date(periods[0]!.last_contact_at!).toISOString()).toBe('2025-09-14T22:00:00.000Z')

    const elodie = await worker.get(`/api/people/${periods[0]!.person_id}`)
    expect(elodie.json()).toMatchObject({
      lastName: 'Rivière',
      firstNames: 'Élodie',
      aliases: ['Lodie'],
      sex: 'female',
      birthDate: '1984-02-29',
      phone: '06 11 22 33 44',
      email: 'elodie@example.org',
    })
    // Ayants droit: covered by the period and in one household with her.
    const covered = await ctx.db
      .selectFrom('domiciliation_beneficiaries')
      .select(['person_id', 'relationship'])
      .where('domiciliation_id', '=', periods[0]!.id)
      .execute()
    expect(covered.map((c) => c.relationship).sort()).toEqual(['child', 'spouse'])
    const household = await worker.get(`/api/households/${elodie.json().household.id}`)
    expect(household.statusCode, household.body).toBe(200)
    expect(
      household
        .json()
        .members.map((m: { relationship: string }) => m.relationship)
        .sort(),
    ).toEqual(['child', 'head', 'spouse'])

    const decisions = await ctx.db
      .selectFrom('domiciliation_decisions')
      .select(['domiciliation_id', 'decision', 'effective_on', 'motif'])
      .where('organisation_id', '=', org.id)
      .orderBy('effective_on')
      .execute()
    expect(decisions.map((d) => [d.decision, d.effective_on, d.motif])).toEqual([
      ['granted', '2024-02-01', null],
      ['refused', '2025-01-10', 'no_link_with_commune'],
      ['granted', '2025-03-01', null],
      ['radiated', '2025-06-30', 'housed'],
    ])

    // The audit tells counts, never names.
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'like', 'domiciliation.import%')
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['domiciliation.import', 'domiciliation.import_check'])
    expect(JSON.stringify(audit)).not.toMatch(/Rivière|Martin|Bernard/)
    expect(audit.find((a) => a.action === 'domiciliation.import')!.details).toEqual({
      rows: 3,
      createdPeople: 4,
      matchedPeople: 1,
      alreadyImported: 0,
    })

    // The same file again: every line was imported before, nothing is written twice.
    const again = await upload(worker, await small())
    expect(again.json()).toMatchObject({
      status: 'valid',
      alreadyImported: 3,
      matchedPeople: 0,
      newPeople: 0,
    })
    await worker.post(`/api/domiciliation-imports/${again.json().id}/start`, {})
    expect(await finished(worker, again.json().id)).toMatchObject({ status: 'done', createdPeople: 0 })
    expect(await count('domiciliations')).toBe(3)
    expect(await count('people')).toBe(peopleBefore + 4)

    // Started twice: refused.
    const twice = await worker.post(`/api/domiciliation-imports/${preview.id}/start`, {})
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('IMPORT_NOT_READY')
    // Another organisation does not see it.
    expect((await otherOrg.get(`/api/domiciliation-imports/${preview.id}`)).statusCode).toBe(404)
  })

  it('reports every bad cell with its line, column and value, and writes nothing', async () => {
    const before = { people: await count('people'), periods: await count('domiciliations') }
    const file = await domifaWorkbook([
      {
        customId: 'B-1',
        lastName: 'Petit',
        firstNames: 'Anne',
        birthDate: '31/02/1990',
        status: 'VALIDE',
        startOn: '01/01/2025',
      },
      { customId: 'B-2', lastName: 'Roux', firstNames: 'Jean', birthDate: '01/01/1980', status: 'ACCEPTE' },
      {
        customId: 'B-3',
        lastName: '',
        firstNames: 'Sans',
        birthDate: new Date(Date.UTC(1975, 4, 6)),
        status: 'INSTRUCTION',
      },
      {
        customId: 'B-4',
        civility: 'X',
        lastName: 'Blanc',
        firstNames: 'Rose',
        birthDate: 32000,
        status: 'VALIDE',
        startOn: '01/06/2025',
        endOn: '01/01/2025',
        email: 'pas-un-email',
        beneficiaries: [['', 'Léa', 'hier', 'COUSINE']],
      },
      {
        customId: 'B-1',
        lastName: 'Doublon',
        firstNames: 'Id',
        birthDate: '01/01/1990',
        status: 'INSTRUCTION',
      },
    ])
    const response = await upload(worker, file)
    expect(response.statusCode, response.body).toBe(201)
    const preview = response.json() as DomiciliationImport
    expect(preview.status).toBe('invalid')
    expect(preview.errors).toEqual([
      {
        row: 2,
        column: 'Date de naissance',
        value: '31/02/1990',
        message: 'Date illisible : attendue au format JJ/MM/AAAA.',
      },
      {
        row: 3,
        column: 'Statut',
        value: 'ACCEPTE',
        message: 'Statut inconnu : attendu INSTRUCTION, ATTENTE_DECISION, VALIDE, REFUS, RADIE.',
      },
      { row: 4, column: 'Nom', value: '', message: 'Le nom est obligatoire.' },
      {
        row: 5,
        column: 'Civilité',
        value: 'X',
        message: 'Civilité inconnue : attendue H ou F (ou Homme, Femme, M., Mme).',
      },
      { row: 5, column: 'E-mail', value: 'pas-un-email', message: 'Adresse e-mail invalide.' },
      {
        row: 5,
        column: 'Date de fin',
        value: '01/01/2025',
        message: 'La date de fin précède la date de début.',
      },
      {
        row: 5,
        column: 'Ayant droit 1 : nom',
        value: '',
        message: 'Le nom de l’ayant droit est obligatoire.',
      },
      {
        row: 5,
        column: 'Ayant droit 1 : date de naissance',
        value: 'hier',
        message: 'Date illisible : attendue au format JJ/MM/AAAA.',
      },
      {
        row: 6,
        column: 'Identifiant personnalisé',
        value: 'B-1',
        message: 'Identifiant en double dans le fichier (déjà à la ligne 2).',
      },
    ])
    expect(preview.errorCount).toBe(9)
    // The Excel date of line 4 (a serial number, 32000 = 11/08/1987) and the date cell of line 3 are read.
    expect(preview.errors.some((e) => e.column === 'Date de naissance' && e.row !== 2)).toBe(false)
    const started = await worker.post(`/api/domiciliation-imports/${preview.id}/start`, {})
    expect(started.statusCode).toBe(409)
    expect({ people: await count('people'), periods: await count('domiciliations') }).toEqual(before)
  })

  it('says a file that is not a workbook cannot be read', async () => {
    const notXlsx = await upload(worker, Buffer.from('nom;prénom\nA;B\n'), 'export.xlsx')
    expect(notXlsx.json()).toMatchObject({
      status: 'invalid',
      errors: [
        { row: 0, column: 'Fichier', message: 'Ce fichier n’est pas un classeur Excel (.xlsx) lisible.' },
      ],
    })
    const csv = await upload(worker, Buffer.from('a;b\n'), 'export.csv')
    expect(csv.statusCode).toBe(400)
    expect(csv.json().errors[0].message).toContain('.xlsx')
  })

  it('imports a generated file of 50,000 lines end to end', { timeout: 2_400_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trame-domifa-'))
    try {
      const filePath = path.join(dir, 'domifa-50000.xlsx')
      await writeDomifaFile(filePath, 50_000, generatedLine)
      const before = await count('people')
      const response = await upload(worker, readFileSync(filePath), 'domifa-50000.xlsx')
      expect(response.statusCode, response.body).toBe(201)
      const preview = response.json() as DomiciliationImport
      expect(preview).toMatchObject({ status: 'valid', totalRows: 50_000, errorCount: 0, newPeople: 50_000 })
      await worker.post(`/api/domiciliation-imports/${preview.id}/start`, {})
      const done = await finished(worker, preview.id)
      // 50,000 people and one ayant droit for every tenth line.
      expect(done).toMatchObject({ status: 'done', processedRows: 50_000, createdPeople: 55_000 })
      expect(await count('people')).toBe(before + 55_000)
      expect(
        Number(
          (
            await ctx.db
              .selectFrom('domiciliations')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('external_ref', 'like', 'DF-%')
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(50_000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
