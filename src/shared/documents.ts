import { z } from 'zod'
import { labelled } from './labelled.ts'
import { listEntriesInputSchema, listEntriesSchema } from './outreach.ts'
import { isoDateSchema, pageOf, pageQuerySchema, uuidSchema } from './validation.ts'

/** The usual document types an organisation starts with; it renames, adds or retires them. */
export const DEFAULT_DOCUMENT_TYPES = [
  'Pièce d’identité',
  'Justificatif de ressources',
  'Justificatif de domicile',
  'Courrier CAF / CPAM',
  'Formulaire Cerfa',
  'Rapport',
  'Décision',
  'Autre',
]

/**
 * The records a document may be attached to besides the person: each module that keeps documents
 * names its records here. The link is checked by type name only (the record's module owns the record).
 */
export const DOCUMENT_RECORD_TYPE = labelled({
  support_record: 'Accompagnement',
  domiciliation: 'Domiciliation',
  aid_request: 'Demande d’aide',
  accommodation: 'Hébergement',
})
export type DocumentRecordType = (typeof DOCUMENT_RECORD_TYPE.values)[number]

/**
 * The formats accepted, recognised by their content: the extension the file's name must carry for
 * each. An extension the content does not confirm is refused (a text file named `.pdf`).
 */
export const DOCUMENT_FORMATS = {
  pdf: { label: 'PDF', extensions: ['pdf'] },
  jpg: { label: 'image JPEG', extensions: ['jpg', 'jpeg'] },
  png: { label: 'image PNG', extensions: ['png'] },
  webp: { label: 'image WebP', extensions: ['webp'] },
  heic: { label: 'image HEIC', extensions: ['heic', 'heif'] },
  docx: { label: 'document Word', extensions: ['docx'] },
  xlsx: { label: 'classeur Excel', extensions: ['xlsx'] },
  odt: { label: 'texte OpenDocument', extensions: ['odt'] },
  ods: { label: 'classeur OpenDocument', extensions: ['ods'] },
} as const
export type DocumentFormat = keyof typeof DOCUMENT_FORMATS
/** For the file picker: what the browser proposes first (the server still checks the content). */
export const DOCUMENT_ACCEPT = Object.values(DOCUMENT_FORMATS)
  .flatMap((f) => f.extensions.map((e) => `.${e}`))
  .join(',')
export const DOCUMENT_FORMATS_HINT = 'PDF, images (JPEG, PNG, WebP, HEIC), Word, Excel, OpenDocument'

/** Default upload limit per file, in megabytes (DOCUMENT_MAX_MB). */
export const DEFAULT_DOCUMENT_MAX_MB = 20
/** Documents whose expiry date falls within this many days are listed as expiring soon. */
export const DEFAULT_EXPIRING_DAYS = 60

/** The organisation's document types: a configurable list like the outreach ones, in the same shape. */
export const documentTypeListSchema = listEntriesSchema
export const documentTypesInputSchema = listEntriesInputSchema

/** The form fields sent with the file (multipart), before it. */
export const documentUploadFieldsSchema = z.object({
  personId: uuidSchema,
  typeId: uuidSchema,
  expiresOn: isoDateSchema.optional(),
  recordType: DOCUMENT_RECORD_TYPE.schema.optional(),
  recordId: uuidSchema.optional(),
})
export type DocumentUploadFields = z.infer<typeof documentUploadFieldsSchema>

export const documentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  typeId: z.uuid(),
  typeLabel: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** SHA-256 of the content, hexadecimal: proves the file is the one received. */
  sha256: z.string(),
  expiresOn: z.iso.date().nullable(),
  recordType: z.string().nullable(),
  recordId: z.uuid().nullable(),
  uploadedAt: z.iso.datetime({ offset: true }),
  uploadedByName: z.string().nullable(),
})
export type DocumentInfo = z.infer<typeof documentSchema>
export const documentPageSchema = pageOf(documentSchema)

export const documentListQuerySchema = pageQuerySchema.extend({
  personId: uuidSchema,
  recordType: DOCUMENT_RECORD_TYPE.schema.optional(),
  recordId: uuidSchema.optional(),
})
export const expiringDocumentsQuerySchema = pageQuerySchema.extend({
  days: z.coerce.number().int().min(0).max(3650).default(DEFAULT_EXPIRING_DAYS),
})
export const expiringDocumentSchema = documentSchema.extend({ personName: z.string() })
export const expiringDocumentPageSchema = pageOf(expiringDocumentSchema)

/** A size in French: "1,2 Mo", "340 ko". */
export function formatFileSize(bytes: number) {
  if (bytes < 1024) return `${bytes} o`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ko`
  return `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`
}
