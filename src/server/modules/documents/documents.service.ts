import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { addDays, todayInFrance } from '../../../shared/dates.ts'
import {
  DEFAULT_DOCUMENT_TYPES,
  DOCUMENT_FORMATS,
  type DocumentInfo,
  type documentListQuerySchema,
  type documentTypesInputSchema,
  documentUploadFieldsSchema,
  type expiringDocumentsQuerySchema,
  formatFileSize,
} from '../../../shared/documents.ts'
import { ERROR_MESSAGES } from '../../../shared/errors.ts'
import type { TimelineEntry } from '../../../shared/people.ts'
import { type Action, roleAllows } from '../../../shared/permissions.ts'
import type { Db } from '../../db/database.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, forbidden, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import { andInActiveBase } from '../../platform/retention.ts'
import type { TimelineSource } from '../../platform/timeline.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { DocumentsRepository } from './documents.repository.ts'
import {
  cleanFileName,
  type DocumentStorage,
  formatClaimedBy,
  type IncomingFile,
} from './documents.storage.ts'

type DocumentRow = NonNullable<Awaited<ReturnType<DocumentsRepository['find']>>>

/** The file part of an upload, as the multipart parser hands it: fields sent before it, then its stream. */
export interface UploadPart {
  fields: Record<string, unknown>
  filename: string | undefined
  file: Readable & { truncated?: boolean }
}

const iso = (date: Date | string) => new Date(date).toISOString()

function toDocument(row: DocumentRow): DocumentInfo {
  return {
    id: row.id,
    personId: row.person_id,
    typeId: row.type_id,
    typeLabel: row.type_label,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    expiresOn: row.expires_on,
    recordType: row.record_type,
    recordId: row.record_id,
    uploadedAt: iso(row.uploaded_at),
    uploadedByName: row.uploaded_by_name,
  }
}

const anyOf = (actor: Actor, actions: Action[]) => actions.some((a) => roleAllows(actor.roles, a))

/**
 * A person's documents (GED). A document follows the file it belongs to: whoever may not see the
 * person (another organisation, a confidential team) cannot list, view or download it. The content
 * streams to and from the disk; every view, download and deletion is audited, by ids only (a file's
 * name may hold the person's).
 */
export class DocumentsService {
  constructor(
    private readonly repo: DocumentsRepository,
    private readonly storage: DocumentStorage,
    private readonly people: PeopleService,
    private readonly limits: { maxBytes: number },
  ) {}

  private get db(): Db {
    return this.repo.db as Db
  }

  // Types ------------------------------------------------------------------------------------------

  async types(actor: Actor) {
    if (!anyOf(actor, ['document.read', 'document.write', 'document.configure'])) throw forbidden()
    return this.db
      .transaction()
      .execute((trx) => this.repo.types(trx, actor.organisationId, DEFAULT_DOCUMENT_TYPES))
  }

  async saveTypes(actor: Actor, input: z.infer<typeof documentTypesInputSchema>) {
    assertAllowed(actor, 'document.configure')
    return this.db.transaction().execute(async (trx) => {
      await this.repo.types(trx, actor.organisationId, DEFAULT_DOCUMENT_TYPES)
      const { unknownIndex } = await this.repo.saveTypes(trx, actor.organisationId, input.items)
      if (unknownIndex !== null) throw validationError(`items.${unknownIndex}.id`, 'Type inconnu.')
      await recordAudit(trx, actor, { action: 'document.types_update', entityType: 'document_type' })
      return this.repo.types(trx, actor.organisationId, DEFAULT_DOCUMENT_TYPES)
    })
  }

  // Upload -----------------------------------------------------------------------------------------

  /** Refuses a role that may not upload before a byte of the file is read. */
  assertMayUpload(actor: Actor) {
    assertAllowed(actor, 'document.write')
  }

  /** Checks the form's fields and what they point at, before the file is received. */
  private async checkUpload(actor: Actor, fields: Record<string, unknown>) {
    const parsed = documentUploadFieldsSchema.safeParse(fields)
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 400, ERROR_MESSAGES.VALIDATION_FAILED, {
        errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      })
    }
    const input = parsed.data
    if ((input.recordType === undefined) !== (input.recordId === undefined)) {
      throw validationError('recordId', 'Indiquez à la fois le type et l’identifiant du dossier lié.')
    }
    // The document goes on the file that takes the person's records (the kept one after a merge).
    const file = await this.people.recordFileOrFail(actor, input.personId)
    await this.repo.types(this.db, actor.organisationId, DEFAULT_DOCUMENT_TYPES)
    if (!(await this.repo.activeType(this.db, actor.organisationId, input.typeId))) {
      throw validationError('typeId', 'Type de document inconnu.')
    }
    return { ...input, personId: file.id }
  }

  /**
   * Receives a document: fields checked, content streamed to the incoming folder with its checksum,
   * its format read from the content, then the row and the file kept together. Any refusal or failure
   * leaves neither row nor file.
   */
  async upload(actor: Actor, part: UploadPart | undefined) {
    assertAllowed(actor, 'document.write')
    if (!part) throw validationError('file', 'Joignez un fichier.')
    let input: Awaited<ReturnType<DocumentsService['checkUpload']>>
    try {
      input = await this.checkUpload(actor, part.fields)
    } catch (error) {
      part.file.resume()
      throw error
    }
    const incoming = await this.storage.receive(part.file)
    return this.keepReceived(actor, incoming, async () => {
      const { format, mime } = await this.acceptedFormat(incoming, part.filename)
      return {
        personId: input.personId,
        typeId: input.typeId,
        recordType: input.recordType ?? null,
        recordId: input.recordId ?? null,
        fileName: cleanFileName(part.filename, format),
        format,
        mime,
        expiresOn: input.expiresOn ?? null,
      }
    })
  }

  /**
   * Keeps a received file: its row and the file itself together, audited; any refusal (from `check`,
   * which reads the content's format) or failure leaves neither row nor file.
   */
  private async keepReceived(
    actor: Actor,
    incoming: IncomingFile,
    check: () => Promise<{
      personId: string
      typeId: string
      recordType: string | null
      recordId: string | null
      fileName: string
      format: string
      mime: string
      expiresOn: string | null
      generated?: boolean
    }>,
  ) {
    let kept: string | null = null
    try {
      const document = await check()
      const id = randomUUID()
      const row = await this.db.transaction().execute(async (trx) => {
        await this.repo.insert(trx, {
          id,
          organisation_id: actor.organisationId,
          person_id: document.personId,
          type_id: document.typeId,
          record_type: document.recordType,
          record_id: document.recordId,
          file_name: document.fileName,
          content_type: document.mime,
          size_bytes: incoming.sizeBytes,
          sha256: incoming.sha256,
          expires_on: document.expiresOn,
          uploaded_by: actor.userId,
        })
        await recordAudit(trx, actor, {
          action: 'document.upload',
          entityType: 'document',
          entityId: id,
          personId: document.personId,
          details: {
            typeId: document.typeId,
            format: document.format,
            sizeBytes: incoming.sizeBytes,
            ...(document.generated ? { generated: true } : {}),
          },
        })
        // Last step before the commit: if the rename fails, the row is rolled back.
        kept = await this.storage.keep(incoming, actor.organisationId, id)
        return this.repo.find(trx, actor.organisationId, id)
      })
      return toDocument(row!)
    } catch (error) {
      await this.storage.discard(incoming.tempPath)
      if (kept) await this.storage.discard(kept)
      throw error
    }
  }

  /** The format the content really is, when accepted and when the name does not claim another. */
  private async acceptedFormat(incoming: IncomingFile, fileName: string | undefined) {
    if (incoming.truncated) {
      const mb = Math.round((this.limits.maxBytes / 1024 / 1024) * 10) / 10
      throw new AppError(
        'DOCUMENT_TOO_LARGE',
        413,
        `Ce fichier dépasse la taille maximale de ${String(mb).replace('.', ',')} Mo : réduisez-le (numérisation en noir et blanc, compression) ou déposez-le en plusieurs parties.`,
      )
    }
    const detected = await this.storage.formatOf(incoming.tempPath)
    const claimed = formatClaimedBy(fileName ?? '')
    if (detected && (claimed === detected.format || !/\.[^.]+$/.test(fileName ?? ''))) return detected
    if (claimed) {
      const what = DOCUMENT_FORMATS[claimed].label
      throw new AppError(
        'DOCUMENT_TYPE_MISMATCH',
        415,
        `Ce fichier porte l’extension d’un ${what}, mais son contenu n’en est pas un : il a peut-être été renommé. Déposez le document d’origine.`,
      )
    }
    throw new AppError('DOCUMENT_FORMAT_REFUSED', 415)
  }

  // Reading ----------------------------------------------------------------------------------------

  /** The document, if the actor may see the file it belongs to; "not found" otherwise. */
  private async visibleDocument(actor: Actor, id: string, db: Kysely<Database>) {
    const row = await this.repo.find(db, actor.organisationId, id)
    if (!row || !(await this.people.visiblePeople(actor, [row.person_id], db)).has(row.person_id)) {
      throw notFound()
    }
    return row
  }

  async list(actor: Actor, query: z.output<typeof documentListQuerySchema>) {
    assertAllowed(actor, 'document.read')
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.people.visiblePeople(actor, [query.personId], trx)).has(query.personId)) {
        throw notFound()
      }
      // A kept file lists the documents of the files merged into it, as its timeline does.
      const personIds = await this.people.fileIds(actor, query.personId, trx)
      const { rows, total } = await this.repo.page(
        trx,
        actor.organisationId,
        { personIds, recordType: query.recordType, recordId: query.recordId },
        query,
      )
      await recordAudit(trx, actor, {
        action: 'document.list',
        entityType: 'document',
        personId: query.personId,
        details: { count: rows.length },
      })
      return { items: rows.map(toDocument), total, page: query.page, pageSize: query.pageSize }
    })
  }

  /** Documents expired or expiring within `days` (identity papers to renew), of the files one may see. */
  async expiring(actor: Actor, query: z.output<typeof expiringDocumentsQuerySchema>) {
    assertAllowed(actor, 'document.read')
    return this.db.transaction().execute(async (trx) => {
      const until = addDays(todayInFrance(), query.days)
      // Papers to renew are a worklist: an archived file's are out of it.
      const visible = andInActiveBase(this.people.visibleFileSql(actor, 'd.person_id'), 'd.person_id')
      const { rows, total } = await this.repo.expiring(trx, actor.organisationId, until, visible, query)
      const people = await this.people.visiblePeople(
        actor,
        rows.map((r) => r.person_id),
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'document.expiring_list',
        entityType: 'document',
        personIds: rows.map((r) => r.person_id),
      })
      return {
        items: rows.map((row) => ({
          ...toDocument(row),
          personName: people.get(row.person_id)?.displayName ?? '',
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      }
    })
  }

  async get(actor: Actor, id: string) {
    assertAllowed(actor, 'document.read')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.visibleDocument(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'document.read',
        entityType: 'document',
        entityId: id,
        personId: row.person_id,
      })
      return toDocument(row)
    })
  }

  /** The content to stream, once the download is audited. */
  async download(actor: Actor, id: string) {
    assertAllowed(actor, 'document.read')
    const row = await this.db.transaction().execute(async (trx) => {
      const found = await this.visibleDocument(actor, id, trx)
      await recordAudit(trx, actor, {
        action: 'document.download',
        entityType: 'document',
        entityId: id,
        personId: found.person_id,
      })
      return found
    })
    const stream = await this.storage.openForReading(actor.organisationId, id)
    // The row says the file exists: its absence is the installation's fault (a lost disk), a 500.
    if (!stream) throw new Error(`document content missing from the storage folder: ${id}`)
    return {
      stream,
      fileName: row.file_name,
      contentType: row.content_type,
      sizeBytes: Number(row.size_bytes),
    }
  }

  /** Deletes a document and its content (the file goes once the deletion is committed). */
  async remove(actor: Actor, id: string) {
    assertAllowed(actor, 'document.write')
    await this.db.transaction().execute(async (trx) => {
      const row = await this.visibleDocument(actor, id, trx)
      await this.repo.delete(trx, actor.organisationId, id)
      await recordAudit(trx, actor, {
        action: 'document.delete',
        entityType: 'document',
        entityId: id,
        personId: row.person_id,
        details: { typeId: row.type_id, sha256: row.sha256, sizeBytes: Number(row.size_bytes) },
      })
    })
    await this.storage.discard(this.storage.pathOf(actor.organisationId, id))
    return { ok: true as const }
  }

  /** For modules citing documents of a file (a domiciliation's instruction): those of `ids` that are the person's. */
  async ofPersonAmong(actor: Actor, personId: string, ids: readonly string[], db: Kysely<Database>) {
    if (ids.length === 0) return new Set<string>()
    const rows = await this.repo.ofPeople(db, actor.organisationId, [personId])
    return new Set(rows.map((row) => row.id).filter((id) => ids.includes(id)))
  }

  /**
   * For modules filing a document they generate (a domiciliation certificate): kept in the person's
   * documents under the first active type among `typeLabels`, when the organisation has one and the
   * actor may file documents; null otherwise (the module then generates it on demand only).
   */
  async storeGenerated(
    actor: Actor,
    input: {
      personId: string
      typeLabels: readonly string[]
      fileName: string
      content: Buffer
      recordType: DocumentInfo['recordType']
      recordId: string
    },
  ) {
    if (!roleAllows(actor.roles, 'document.write')) return null
    const types = await this.repo.types(this.db, actor.organisationId, DEFAULT_DOCUMENT_TYPES)
    const type = input.typeLabels
      .map((label) => types.find((t) => t.active && t.label === label))
      .find((t) => t !== undefined)
    if (!type) return null
    const incoming = await this.storage.receive(Readable.from([input.content]))
    return this.keepReceived(actor, incoming, async () => {
      const format = await this.storage.formatOf(incoming.tempPath)
      if (!format) throw new Error('generated document of an unknown format')
      return {
        personId: input.personId,
        typeId: type.id,
        recordType: input.recordType,
        recordId: input.recordId,
        fileName: cleanFileName(input.fileName, format.format),
        format: format.format,
        mime: format.mime,
        expiresOn: null,
        generated: true,
      }
    })
  }

  // The person's timeline and access export -------------------------------------------------------

  timelineSource(): TimelineSource {
    return {
      kind: 'document',
      label: 'Documents',
      entries: async (db, actor, personIds, { limit }) => {
        if (!roleAllows(actor.roles, 'document.read')) return []
        const rows = await this.repo.ofPeople(db, actor.organisationId, personIds, limit)
        return rows.map(
          (row): TimelineEntry => ({
            kind: 'document',
            kindLabel: 'Document',
            id: row.id,
            at: iso(row.uploaded_at),
            title: `Document déposé : ${row.type_label}`,
            detail:
              [
                row.file_name,
                formatFileSize(Number(row.size_bytes)),
                row.expires_on ? `expire le ${row.expires_on.split('-').reverse().join('/')}` : null,
              ]
                .filter(Boolean)
                .join(' · ') || null,
            personId: row.person_id,
          }),
        )
      },
      count: async (db, actor, personIds) =>
        roleAllows(actor.roles, 'document.read')
          ? this.repo.countOfPeople(db, actor.organisationId, personIds)
          : 0,
      // A document filed is not a contact with the person: it does not change "last contact".
      latest: async () => new Map(),
      export: async (db, actor, personIds) => {
        const rows = await this.repo.ofPeople(db, actor.organisationId, personIds)
        return rows.map((row) => {
          const d = toDocument(row)
          return {
            type: d.typeLabel,
            fileName: d.fileName,
            contentType: d.contentType,
            sizeBytes: d.sizeBytes,
            sha256: d.sha256,
            expiresOn: d.expiresOn,
            uploadedAt: d.uploadedAt,
            recordType: d.recordType,
            recordId: d.recordId,
          }
        })
      },
    }
  }
}
