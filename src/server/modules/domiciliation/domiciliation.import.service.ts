import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import ExcelJS from 'exceljs'
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import { todayInFrance } from '../../../shared/dates.ts'
import {
  type DomiciliationImport,
  IMPORT_ERRORS_SHOWN,
  type ImportCellError,
} from '../../../shared/domiciliation-domifa.ts'
import type { Database } from '../../db/schema.ts'
import { recordAudit } from '../../platform/audit.ts'
import { AppError, notFound, validationError } from '../../platform/errors.ts'
import { type Actor, assertAllowed } from '../../platform/permissions.ts'
import type { PeopleService } from '../people/people.service.ts'
import type {
  DomiciliationImportRepository,
  DomiciliationValues,
  ImportRow,
} from './domiciliation.import.repository.ts'
import { cellText, type ImportedRow, readRow } from './domiciliation.import.rows.ts'

/** Lines written per transaction: a failure loses one batch at most, and a re-import skips the rest. */
const BATCH = 500

/** The uploaded file as the multipart parser hands it. */
export interface ImportUpload {
  filename: string
  file: Readable & { truncated?: boolean }
}

/** The data lines of the first sheet, one at a time, from a file read as a stream (never whole). */
async function* dataLines(filePath: string) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
  })
  for await (const sheet of reader) {
    for await (const row of sheet) {
      // The header line names the columns.
      if (row.number === 1) continue
      const values = row.values as unknown[]
      yield { line: row.number, cells: values.slice(1) }
    }
    return
  }
}

function toView(row: ImportRow): DomiciliationImport {
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    matchedPeople: row.matched_people,
    newPeople: row.new_people,
    alreadyImported: row.already_imported,
    createdPeople: row.created_people,
    errorCount: row.error_count,
    errors: row.errors as ImportCellError[],
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  }
}

/**
 * DomiFa's import: a file is checked whole first (every faulty cell reported, nothing written), its
 * people matched to existing files through the people module's duplicate check; then, on confirmation,
 * written in batches of lines, each batch in one transaction, the progress readable as it goes.
 */
export class DomiciliationImportService {
  /** Imports running in this process, so that tests and shutdown can wait for them. */
  private readonly running = new Map<string, Promise<void>>()

  constructor(
    private readonly repo: DomiciliationImportRepository,
    private readonly people: PeopleService,
    private readonly dir: string,
    private readonly log?: FastifyBaseLogger,
  ) {}

  private get db() {
    return this.repo.db
  }

  private filePath(row: Pick<ImportRow, 'organisation_id' | 'storage_key'>) {
    // The key is a UUID made here: no path separator can slip in.
    return path.join(this.dir, row.organisation_id, `${row.storage_key}.xlsx`)
  }

  assertMayImport(actor: Actor) {
    assertAllowed(actor, 'domiciliation.import')
  }

  async list(actor: Actor, page: { page: number; pageSize: number }) {
    this.assertMayImport(actor)
    const { rows, total } = await this.repo.list(actor.organisationId, page)
    return { items: rows.map(toView), total, ...page }
  }

  async get(actor: Actor, id: string) {
    this.assertMayImport(actor)
    const row = await this.repo.find(actor.organisationId, id)
    if (!row) throw notFound()
    return toView(row)
  }

  /** Receives the file, checks it whole and answers the preview; nothing else is written. */
  async upload(actor: Actor, upload: ImportUpload | undefined) {
    this.assertMayImport(actor)
    if (!upload) throw validationError('file', 'Joignez le fichier XLSX de DomiFa.')
    if (!/\.xlsx$/i.test(upload.filename)) {
      upload.file.resume()
      throw validationError(
        'file',
        'Le fichier doit être un classeur Excel (.xlsx), au format d’import de DomiFa.',
      )
    }
    const storageKey = randomUUID()
    const target = this.filePath({ organisation_id: actor.organisationId, storage_key: storageKey })
    await mkdir(path.dirname(target), { recursive: true })
    await pipeline(upload.file, createWriteStream(target, { flags: 'wx' }))
    if (upload.file.truncated) {
      await rm(target, { force: true })
      throw new AppError('DOCUMENT_TOO_LARGE', 413)
    }
    const row = await this.repo.create(
      actor.organisationId,
      actor.userId,
      upload.filename.replaceAll('\0', '').slice(0, 200),
      storageKey,
    )
    return toView(await this.check(actor, row))
  }

  /** The first pass: every cell checked, and the people matched, without writing anything. */
  private async check(actor: Actor, row: ImportRow) {
    const errors: ImportCellError[] = []
    let errorCount = 0
    const report = (error: ImportCellError) => {
      errorCount++
      if (errors.length < IMPORT_ERRORS_SHOWN) errors.push(error)
    }
    const counts = { total: 0, matched: 0, new: 0, already: 0 }
    const seenIds = new Map<string, number>()
    let batch: ImportedRow[] = []
    const preview = async () => {
      const rows = batch
      batch = []
      if (errorCount > 0 || rows.length === 0) return
      await this.db.transaction().execute(async (trx) => {
        const plan = await this.plan(actor, rows, trx)
        counts.already += plan.already
        counts.matched += plan.lines.filter((l) => l.personId !== null).length
        counts.new += plan.lines.filter((l) => l.personId === null).length
      })
    }
    // Dates are checked against one day for the whole file (and a clock read once, not per line).
    const today = todayInFrance()
    try {
      for await (const { line, cells } of dataLines(this.filePath(row))) {
        const parsed = readRow(line, cells, report, today)
        if (parsed === 'blank') continue
        counts.total++
        // Told apart on faulty lines too, so that a doubled identifier is said at once.
        const customId = cellText(cells[0])
        if (customId) {
          const first = seenIds.get(customId)
          if (first !== undefined) {
            report({
              row: line,
              column: 'Identifiant personnalisé',
              value: customId,
              message: `Identifiant en double dans le fichier (déjà à la ligne ${first}).`,
            })
            continue
          }
          seenIds.set(customId, line)
        }
        if (parsed) {
          batch.push(parsed)
          if (batch.length >= BATCH) await preview()
        }
      }
      await preview()
    } catch (error) {
      if (error instanceof AppError) throw error
      // Not a workbook (or a damaged one): said once, as an error of the file.
      this.log?.warn({ err: error, importId: row.id }, 'domiciliation import: unreadable file')
      errors.length = 0
      errorCount = 0
      report({
        row: 0,
        column: 'Fichier',
        value: '',
        message: 'Ce fichier n’est pas un classeur Excel (.xlsx) lisible.',
      })
    }
    if (counts.total === 0 && errorCount === 0)
      report({
        row: 0,
        column: 'Fichier',
        value: '',
        message: 'Le fichier ne contient aucune ligne à importer.',
      })
    const valid = errorCount === 0
    const updated = await this.db.transaction().execute(async (trx) => {
      const saved = await this.repo.update(
        actor.organisationId,
        row.id,
        {
          status: valid ? 'valid' : 'invalid',
          total_rows: counts.total,
          matched_people: valid ? counts.matched : 0,
          new_people: valid ? counts.new : 0,
          already_imported: valid ? counts.already : 0,
          error_count: errorCount,
          errors: JSON.stringify(errors),
        },
        trx,
      )
      await recordAudit(trx, actor, {
        action: 'domiciliation.import_check',
        entityType: 'domiciliation_import',
        entityId: row.id,
        details: { rows: counts.total, errors: errorCount, matched: counts.matched, new: counts.new },
      })
      return saved
    })
    if (!valid) await rm(this.filePath(row), { force: true })
    return updated
  }

  /**
   * For a batch of lines: those imported before (skipped), and for the others the existing file of
   * the person, or null when one is to be created.
   */
  private async plan(actor: Actor, rows: ImportedRow[], db: Kysely<Database>) {
    const known = await this.repo.existingRefs(
      actor.organisationId,
      rows.flatMap((r) => (r.customId ? [r.customId] : [])),
      db,
    )
    const fresh = rows.filter((r) => !r.customId || !known.has(r.customId))
    const same = await this.people.sameFilesWithin(actor, fresh, db)
    const lines = fresh.map((row, i) => ({ row, personId: same.get(i) ?? null }))
    // Lines without DomiFa identifier: a period an import already wrote for the same person and day.
    const imported = await this.repo.importedPeriods(
      actor.organisationId,
      lines.flatMap((l) => (l.personId && !l.row.customId ? [l.personId] : [])),
      db,
    )
    const kept = lines.filter((l) => !(l.personId && imported.has(`${l.personId}:${l.row.requestedOn}`)))
    return { already: rows.length - kept.length, lines: kept }
  }

  /** Starts writing a checked file; the import runs on, its progress read with `get`. */
  async start(actor: Actor, id: string) {
    this.assertMayImport(actor)
    const row = await this.repo.find(actor.organisationId, id)
    if (!row) throw notFound()
    const claimed = await this.repo.claim(actor.organisationId, id, 'valid', 'importing')
    if (!claimed) throw new AppError('IMPORT_NOT_READY', 409)
    const run = this.run(actor, claimed).finally(() => this.running.delete(id))
    this.running.set(id, run)
    return toView(claimed)
  }

  /** Resolves when the imports running in this process are over (tests, shutdown). */
  async settled() {
    await Promise.allSettled([...this.running.values()])
  }

  private async run(actor: Actor, row: ImportRow) {
    const totals = { processed: 0, created: 0, matched: 0, already: 0 }
    // Statistics refreshed as the periods table doubles (a few times per import, a few ms each).
    let analyseAt = BATCH
    try {
      let batch: ImportedRow[] = []
      const write = async () => {
        const rows = batch
        batch = []
        if (rows.length === 0) return
        await this.db.transaction().execute(async (trx) => {
          const result = await this.writeBatch(actor, row.id, rows, trx)
          totals.processed += rows.length
          totals.created += result.created
          totals.matched += result.matched
          totals.already += result.already
          await this.repo.update(
            actor.organisationId,
            row.id,
            { processed_rows: totals.processed, created_people: totals.created },
            trx,
          )
        })
        if (totals.processed >= analyseAt) {
          await this.repo.refreshStatistics()
          analyseAt = totals.processed * 2
        }
      }
      const today = todayInFrance()
      for await (const { line, cells } of dataLines(this.filePath(row))) {
        const parsed = readRow(line, cells, () => {}, today)
        // The file was checked whole: a line failing now means it changed on the disk.
        if (parsed === null) throw new Error(`line ${line} no longer valid`)
        if (parsed === 'blank') continue
        batch.push(parsed)
        if (batch.length >= BATCH) await write()
      }
      await write()
      await this.db.transaction().execute(async (trx) => {
        await this.repo.update(
          actor.organisationId,
          row.id,
          {
            status: 'done',
            finished_at: new Date(),
            matched_people: totals.matched,
            already_imported: totals.already,
          },
          trx,
        )
        await recordAudit(trx, actor, {
          action: 'domiciliation.import',
          entityType: 'domiciliation_import',
          entityId: row.id,
          details: {
            rows: totals.processed,
            createdPeople: totals.created,
            matchedPeople: totals.matched,
            alreadyImported: totals.already,
          },
        })
      })
    } catch (error) {
      this.log?.error({ err: error, importId: row.id }, 'domiciliation import failed')
      await this.repo
        .update(actor.organisationId, row.id, { status: 'failed', finished_at: new Date() })
        .catch(() => {})
    } finally {
      await rm(this.filePath(row), { force: true })
    }
  }

  /** One batch of lines: people, periods, their decisions and covered members, in the caller's transaction. */
  private async writeBatch(actor: Actor, importId: string, rows: ImportedRow[], db: Kysely<Database>) {
    const plan = await this.plan(actor, rows, db)
    const toCreate = plan.lines.filter((l) => l.personId === null)
    const createdIds = await this.people.createManyWithin(
      actor,
      toCreate.map(({ row }) => ({
        lastName: row.lastName,
        firstNames: row.firstNames,
        aliases: row.alias ? [row.alias] : [],
        sex: row.sex,
        birthDate: row.birthDate,
        birthPlace: row.birthPlace,
        phone: row.phone,
        email: row.email,
      })),
      db,
    )
    toCreate.forEach((line, i) => {
      line.personId = createdIds[i]!
    })
    let created = createdIds.length

    const periods: DomiciliationValues[] = []
    const decisions: Parameters<DomiciliationImportRepository['insertDecisions']>[0] = []
    const decided = (
      domiciliationId: string,
      decision: 'granted' | 'refused' | 'radiated',
      on: string,
      motif: string | null,
      previousStatus: string,
    ) =>
      decisions.push({
        organisation_id: actor.organisationId,
        domiciliation_id: domiciliationId,
        decision,
        effective_on: on,
        motif,
        note: 'Reprise de DomiFa',
        previous: JSON.stringify({ status: previousStatus }),
        decided_by: null,
      })
    for (const { row, personId } of plan.lines) {
      const id = randomUUID()
      periods.push({
        id,
        organisation_id: actor.organisationId,
        person_id: personId!,
        kind: row.kind,
        status: row.status,
        requested_on: row.requestedOn,
        instruction: JSON.stringify(row.instruction),
        start_on: row.startOn,
        end_on: row.endOn,
        first_domiciled_on: row.firstDomiciledOn,
        refusal_motif: row.refusalMotif,
        radiation_motif: row.radiationMotif,
        radiation_on: row.radiationOn,
        decided_at:
          row.status === 'granted' || row.status === 'refused' || row.status === 'radiated'
            ? new Date()
            : null,
        last_contact_at: row.lastContactOn ? this.repo.startOfDay(row.lastContactOn) : null,
        external_ref: row.customId,
        comments: row.comments,
        import_id: importId,
        created_by: actor.userId,
      } as DomiciliationValues)
      if (row.status === 'granted' || row.status === 'radiated')
        decided(id, 'granted', row.startOn!, null, 'awaiting_decision')
      if (row.status === 'refused')
        decided(id, 'refused', row.requestedOn, row.refusalMotif, 'awaiting_decision')
      if (row.status === 'radiated') decided(id, 'radiated', row.radiationOn!, row.radiationMotif, 'granted')
    }
    await this.repo.insertDomiciliations(periods, db)
    await this.repo.insertDecisions(decisions, db)

    // Ayants droit: found or created as people, covered by the period, in the household of the person.
    const listed = plan.lines.flatMap(({ row }, index) => row.beneficiaries.map((b) => ({ ...b, index })))
    const sameMembers = await this.people.sameFilesWithin(actor, listed, db)
    const members = listed.map((b, i) => ({
      index: b.index,
      personId: sameMembers.get(i) ?? null,
      relationship: b.relationship,
    }))
    const memberInputs = listed
      .filter((_, i) => !sameMembers.has(i))
      .map((b) => ({ lastName: b.lastName, firstNames: b.firstNames, birthDate: b.birthDate }))
    const memberIds = await this.people.createManyWithin(actor, memberInputs, db)
    created += memberIds.length
    let next = 0
    for (const member of members) if (!member.personId) member.personId = memberIds[next++]!
    await this.repo.insertBeneficiaries(
      members.map((m) => ({
        organisation_id: actor.organisationId,
        domiciliation_id: periods[m.index]!.id as string,
        person_id: m.personId!,
        relationship: m.relationship,
      })),
      db,
    )
    await this.people.joinHouseholdsWithin(
      actor,
      plan.lines.flatMap((line, index) => {
        const own = members.filter((m) => m.index === index && m.personId !== line.personId)
        return own.length > 0
          ? [
              {
                headId: line.personId!,
                members: own.map((m) => ({ personId: m.personId!, relationship: m.relationship })),
              },
            ]
          : []
      }),
      db,
    )
    return { created, matched: plan.lines.length - toCreate.length, already: plan.already }
  }
}
