import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { multipartBody, SAMPLE_FILES, sampleOdt } from '../../../../tests/support/multipart.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'
import { addDays, todayInFrance } from '../../../shared/dates.ts'

let ctx: TestContext
let org: Awaited<ReturnType<typeof createOrganisation>>
let director: ApiClient
let administrator: ApiClient
let worker: ApiClient
let outreach: ApiClient
let otherOrg: ApiClient
let personId: string
let confidentialPersonId: string
let identityTypeId: string
let otherTypeId: string

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

function upload(
  client: ApiClient,
  fields: Record<string, string | undefined>,
  file?: { name: string; content: Buffer; type?: string },
) {
  const { payload, headers } = multipartBody(fields, file)
  return client.request('POST', '/api/documents', payload, headers)
}

/** Every file kept on disk, the incoming folder included: a refusal must leave none behind. */
function filesOnDisk(dir = ctx.config.documents.dir): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesOnDisk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  )
}

async function documentRows() {
  return ctx.db.selectFrom('documents').select('id').execute()
}

beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  director = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['director'], totp: true }))
  administrator = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['administrator'], totp: true }))
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
  outreach = await signedIn(ctx, await createUser(ctx, org.id, { roles: ['outreach_agent'] }))
  const orgB = await createOrganisation(ctx, 'CCAS B')
  otherOrg = await signedIn(
    ctx,
    await createUser(ctx, orgB.id, { roles: ['director', 'social_worker'], totp: true }),
  )
  personId = (await worker.post('/api/people', { lastName: 'Papillon', firstNames: 'Léa' })).json().id
  confidentialPersonId = (
    await director.post('/api/people', { lastName: 'Secretine', teamId: org.confidentialTeamId })
  ).json().id
  const types = (await worker.get('/api/document-types')).json().items as { id: string; label: string }[]
  identityTypeId = types.find((t) => t.label === 'Pièce d’identité')!.id
  otherTypeId = types.find((t) => t.label === 'Autre')!.id
})
afterAll(() => ctx.close())

describe('document types', () => {
  it('starts with the usual list, which the administrator renames and extends', async () => {
    const types = (await worker.get('/api/document-types'))
      .json()
      .items.map((t: { label: string }) => t.label)
    expect(types).toEqual([
      'Pièce d’identité',
      'Justificatif de ressources',
      'Justificatif de domicile',
      'Courrier CAF / CPAM',
      'Formulaire Cerfa',
      'Rapport',
      'Décision',
      'Autre',
    ])
    const current = (await administrator.get('/api/document-types')).json().items
    const saved = await administrator.put('/api/document-types', {
      items: [...current, { label: 'Attestation de domiciliation' }],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().items.at(-1).label).toBe('Attestation de domiciliation')
    expect((await worker.put('/api/document-types', { items: current })).statusCode).toBe(403)
  })

  it('refuses a retired type for a new document', async () => {
    const current = (await administrator.get('/api/document-types')).json().items
    const retired = current.find((t: { label: string }) => t.label === 'Attestation de domiciliation')
    await administrator.put('/api/document-types', {
      items: current.map((t: { id: string; label: string }) => ({ ...t, active: t.id !== retired.id })),
    })
    const response = await upload(
      worker,
      { personId, typeId: retired.id },
      { name: 'a.pdf', content: SAMPLE_FILES.pdf },
    )
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([{ path: 'typeId', message: 'Type de document inconnu.' }])
  })
})

describe('uploading and reading a document', () => {
  let documentId: string

  it('keeps a PDF with its checksum, size and expiry, and gives it back byte for byte', async () => {
    const expiresOn = addDays(todayInFrance(), 30)
    const response = await upload(
      worker,
      { personId, typeId: identityTypeId, expiresOn },
      { name: 'Carte d’identité Léa Papillon.pdf', content: SAMPLE_FILES.pdf, type: 'text/plain' },
    )
    expect(response.statusCode, response.body).toBe(201)
    const document = response.json()
    documentId = document.id
    expect(document).toMatchObject({
      personId,
      typeId: identityTypeId,
      typeLabel: 'Pièce d’identité',
      fileName: 'Carte d’identité Léa Papillon.pdf',
      // From the content, not from what the browser declared.
      contentType: 'application/pdf',
      sizeBytes: SAMPLE_FILES.pdf.length,
      sha256: sha256(SAMPLE_FILES.pdf),
      expiresOn,
      recordType: null,
    })

    const read = await worker.get(`/api/documents/${documentId}`)
    expect(read.statusCode).toBe(200)
    expect(read.json().sha256).toBe(sha256(SAMPLE_FILES.pdf))

    const file = await worker.get(`/api/documents/${documentId}/file`)
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.equals(SAMPLE_FILES.pdf)).toBe(true)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['x-content-type-options']).toBe('nosniff')
    expect(file.headers['content-disposition']).toBe(
      'attachment; filename="Carte d_identite Lea Papillon.pdf"; filename*=UTF-8\'\'Carte%20d%E2%80%99identit%C3%A9%20L%C3%A9a%20Papillon.pdf',
    )
    expect(filesOnDisk().filter((f) => !f.includes('.incoming'))).toHaveLength(1)
  })

  it('audits the upload, each view and each download by ids, never the file name', async () => {
    const rows = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'person_id', 'details'])
      .where('entity_id', '=', documentId)
      .orderBy('at')
      .execute()
    expect(rows.map((r) => r.action)).toEqual(['document.upload', 'document.read', 'document.download'])
    expect(rows.every((r) => r.person_id === personId)).toBe(true)
    expect(JSON.stringify(rows)).not.toContain('Papillon')
    expect(ctx.logs.join('\n')).not.toContain('Papillon')
  })

  it('lists the person’s documents, one page with its total', async () => {
    await upload(worker, { personId, typeId: otherTypeId }, { name: 'courrier.odt', content: sampleOdt() })
    const page = await worker.get(`/api/documents?personId=${personId}&pageSize=1`)
    expect(page.statusCode).toBe(200)
    expect(page.json()).toMatchObject({ total: 2, page: 1, pageSize: 1 })
    expect(page.json().items).toHaveLength(1)
  })

  it('accepts office files and images recognised by their content', async () => {
    const odt = await upload(
      worker,
      { personId, typeId: otherTypeId },
      { name: 'rapport.odt', content: sampleOdt() },
    )
    expect(odt.statusCode, odt.body).toBe(201)
    expect(odt.json().contentType).toBe('application/vnd.oasis.opendocument.text')
    const png = await upload(
      worker,
      { personId, typeId: otherTypeId },
      { name: 'photo.PNG', content: SAMPLE_FILES.png },
    )
    expect(png.statusCode, png.body).toBe(201)
    expect(png.json().contentType).toBe('image/png')
  })

  it('links a document to a record of another module by its type name', async () => {
    const recordId = '3f1c2a4e-8b7d-4c5e-9a1b-2c3d4e5f6a7b'
    const linked = await upload(
      worker,
      { personId, typeId: otherTypeId, recordType: 'support_record', recordId },
      { name: 'bilan.pdf', content: SAMPLE_FILES.pdf },
    )
    expect(linked.statusCode, linked.body).toBe(201)
    expect(linked.json()).toMatchObject({ recordType: 'support_record', recordId })
    const ofRecord = (
      await worker.get(`/api/documents?personId=${personId}&recordType=support_record&recordId=${recordId}`)
    ).json()
    expect(ofRecord.items.map((d: { id: string }) => d.id)).toEqual([linked.json().id])

    const unknown = await upload(
      worker,
      { personId, typeId: otherTypeId, recordType: 'spaceship', recordId },
      { name: 'bilan.pdf', content: SAMPLE_FILES.pdf },
    )
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0].path).toBe('recordType')
    const half = await upload(
      worker,
      { personId, typeId: otherTypeId, recordType: 'support_record' },
      { name: 'bilan.pdf', content: SAMPLE_FILES.pdf },
    )
    expect(half.statusCode).toBe(400)
  })
})

describe('refusals leave nothing behind', () => {
  async function expectNothingKept(before: { rows: number; files: number }) {
    expect((await documentRows()).length).toBe(before.rows)
    expect(filesOnDisk().length).toBe(before.files)
  }
  const snapshot = async () => ({ rows: (await documentRows()).length, files: filesOnDisk().length })

  it('refuses a text file named .pdf, with a French message saying its content is not a PDF', async () => {
    const before = await snapshot()
    const response = await upload(
      worker,
      { personId, typeId: otherTypeId },
      { name: 'facture.pdf', content: SAMPLE_FILES.text, type: 'application/pdf' },
    )
    expect(response.statusCode).toBe(415)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json()).toMatchObject({
      code: 'DOCUMENT_TYPE_MISMATCH',
      detail:
        'Ce fichier porte l’extension d’un PDF, mais son contenu n’en est pas un : il a peut-être été renommé. Déposez le document d’origine.',
    })
    await expectNothingKept(before)
  })

  it('refuses a PNG named .pdf, and a format Trame does not keep', async () => {
    const before = await snapshot()
    const renamed = await upload(
      worker,
      { personId, typeId: otherTypeId },
      { name: 'scan.pdf', content: SAMPLE_FILES.png },
    )
    expect(renamed.json().code).toBe('DOCUMENT_TYPE_MISMATCH')
    const text = await upload(
      worker,
      { personId, typeId: otherTypeId },
      { name: 'notes.txt', content: SAMPLE_FILES.text },
    )
    expect(text.statusCode).toBe(415)
    expect(text.json().code).toBe('DOCUMENT_FORMAT_REFUSED')
    expect(text.json().detail).toContain('déposez un PDF')
    await expectNothingKept(before)
  })

  it('refuses a file over 20 MB with 413 in French, keeping neither row nor file', async () => {
    const before = await snapshot()
    const big = Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(20 * 1024 * 1024 + 1)])
    const response = await upload(
      worker,
      { personId, typeId: otherTypeId },
      { name: 'gros.pdf', content: big },
    )
    expect(response.statusCode).toBe(413)
    expect(response.json().code).toBe('DOCUMENT_TOO_LARGE')
    expect(response.json().detail).toContain('taille maximale de 20 Mo')
    await expectNothingKept(before)
  })

  it('refuses an upload without a file, or with the fields missing', async () => {
    const noFile = await upload(worker, { personId, typeId: otherTypeId })
    expect(noFile.statusCode).toBe(400)
    expect(noFile.json().errors[0].path).toBe('file')
    const noFields = await upload(worker, {}, { name: 'a.pdf', content: SAMPLE_FILES.pdf })
    expect(noFields.statusCode).toBe(400)
    expect(
      noFields
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['personId', 'typeId'])
    const json = await worker.post('/api/documents', { personId })
    expect(json.statusCode).toBe(400)
  })
})

describe('a document follows the file it belongs to', () => {
  let confidentialDocumentId: string

  beforeAll(async () => {
    const response = await upload(
      director,
      { personId: confidentialPersonId, typeId: identityTypeId, expiresOn: addDays(todayInFrance(), 10) },
      { name: 'cni.pdf', content: SAMPLE_FILES.pdf },
    )
    expect(response.statusCode, response.body).toBe(201)
    confidentialDocumentId = response.json().id
  })

  it('hides a confidential team’s documents from those outside it, as if absent', async () => {
    for (const url of [
      `/api/documents/${confidentialDocumentId}`,
      `/api/documents/${confidentialDocumentId}/file`,
      `/api/documents?personId=${confidentialPersonId}`,
    ]) {
      const response = await worker.get(url)
      expect(response.statusCode, url).toBe(404)
      expect(response.json().code).toBe('NOT_FOUND')
    }
    expect((await worker.delete(`/api/documents/${confidentialDocumentId}`)).statusCode).toBe(404)
    const uploadTo = await upload(
      worker,
      { personId: confidentialPersonId, typeId: otherTypeId },
      { name: 'a.pdf', content: SAMPLE_FILES.pdf },
    )
    expect(uploadTo.statusCode).toBe(400)
    expect(uploadTo.json().errors[0]).toEqual({ path: 'personId', message: 'Personne inconnue.' })
    expect((await director.get(`/api/documents/${confidentialDocumentId}/file`)).statusCode).toBe(200)
  })

  it('answers another organisation "not found", and roles without documents 403', async () => {
    expect((await otherOrg.get(`/api/documents/${confidentialDocumentId}`)).statusCode).toBe(404)
    expect((await otherOrg.get(`/api/documents?personId=${personId}`)).statusCode).toBe(404)
    expect((await outreach.get(`/api/documents?personId=${personId}`)).statusCode).toBe(403)
    expect((await administrator.get(`/api/documents/${confidentialDocumentId}/file`)).statusCode).toBe(403)
  })

  it('lists documents expiring soon, each only to whoever may see the person', async () => {
    const forDirector = (await director.get('/api/documents/expiring?days=60')).json()
    expect(forDirector.items.map((d: { personName: string }) => d.personName)).toEqual([
      'SECRETINE',
      'PAPILLON Léa',
    ])
    const forWorker = (await worker.get('/api/documents/expiring?days=60')).json()
    expect(forWorker.total).toBe(1)
    expect(forWorker.items[0].personName).toBe('PAPILLON Léa')
    expect((await worker.get('/api/documents/expiring?days=5')).json().total).toBe(0)
  })
})

describe('merged files', () => {
  it('lists on the kept file the documents of both files, and gives each back its own when the merge is undone', async () => {
    const kept = (await worker.post('/api/people', { lastName: 'Fusion', firstNames: 'Anne' })).json().id
    const merged = (await worker.post('/api/people', { lastName: 'Fuzion', firstNames: 'Anne' })).json().id
    for (const [id, name] of [
      [kept, 'cni-gardee.pdf'],
      [merged, 'cni-fusionnee.pdf'],
    ] as const) {
      const response = await upload(
        worker,
        { personId: id, typeId: identityTypeId },
        { name, content: SAMPLE_FILES.pdf },
      )
      expect(response.statusCode, response.body).toBe(201)
    }
    const names = async (id: string) => {
      const response = await worker.get(`/api/documents?personId=${id}`)
      expect(response.statusCode, response.body).toBe(200)
      const page = response.json() as { items: { fileName: string }[]; total: number }
      return { names: page.items.map((d) => d.fileName).sort(), total: page.total }
    }

    const merge = await director.post(`/api/people/${kept}/merge`, { mergedPersonId: merged })
    expect(merge.statusCode, merge.body).toBe(200)
    expect(await names(kept)).toEqual({ names: ['cni-fusionnee.pdf', 'cni-gardee.pdf'], total: 2 })
    // A document filed afterwards on the merged file's address goes to the kept file.
    const late = await upload(
      worker,
      { personId: merged, typeId: otherTypeId },
      { name: 'courrier.pdf', content: SAMPLE_FILES.pdf },
    )
    expect(late.statusCode, late.body).toBe(201)
    expect(late.json().personId).toBe(kept)
    expect((await names(kept)).total).toBe(3)
    // The other organisation learns nothing of either file.
    expect((await otherOrg.get(`/api/documents?personId=${kept}`)).statusCode).toBe(404)

    const mergeId = (await director.get(`/api/people/${kept}/merges`)).json().items[0].id
    expect((await director.post(`/api/people/merges/${mergeId}/undo`)).statusCode).toBe(200)
    expect(await names(kept)).toEqual({ names: ['cni-gardee.pdf', 'courrier.pdf'], total: 2 })
    expect(await names(merged)).toEqual({ names: ['cni-fusionnee.pdf'], total: 1 })
  })
})

describe('the person’s timeline and access export', () => {
  it('shows documents on the timeline and lists them in the export with type, date, size and checksum', async () => {
    const timeline = (await worker.get(`/api/people/${personId}/timeline?kind=document`)).json()
    expect(timeline.items.length).toBeGreaterThan(0)
    expect(timeline.items[0].kindLabel).toBe('Document')
    const exported = (await worker.get(`/api/people/${personId}/export.json`)).json()
    expect(exported.recordLabels.document).toBe('Documents')
    const identity = exported.records.document.find((d: { type: string }) => d.type === 'Pièce d’identité')
    expect(identity).toMatchObject({
      sizeBytes: SAMPLE_FILES.pdf.length,
      sha256: sha256(SAMPLE_FILES.pdf),
      contentType: 'application/pdf',
    })
    expect(identity.uploadedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })
})

describe('deleting a document', () => {
  it('removes the row and the file, audited; a role that may not write is refused', async () => {
    const created = (
      await upload(
        worker,
        { personId, typeId: otherTypeId },
        { name: 'a-supprimer.pdf', content: SAMPLE_FILES.pdf },
      )
    ).json()
    const onDisk = filesOnDisk().length
    expect((await outreach.delete(`/api/documents/${created.id}`)).statusCode).toBe(403)
    const removed = await worker.delete(`/api/documents/${created.id}`)
    expect(removed.statusCode).toBe(200)
    expect(filesOnDisk().length).toBe(onDisk - 1)
    expect((await worker.get(`/api/documents/${created.id}`)).statusCode).toBe(404)
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', created.id)
      .where('action', '=', 'document.delete')
      .execute()
    expect(audit).toHaveLength(1)
  })
})
