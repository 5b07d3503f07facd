/**
 * A few documents on people's files, filed through the API as the front desk and social workers would:
 * identity papers (one expiring soon, one expired), proofs of resources and of address, a CAF letter.
 * Each is a small real PDF saying it is a demo document; the content is checked like any upload.
 */

import { newPdf } from '../../src/server/platform/pdf.ts'
import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

async function demoPdf(title: string, lines: string[]) {
  const { doc, done } = newPdf({ title, margin: 60 })
  doc.fontSize(18).text(title).moveDown()
  doc.fontSize(11).text('Document de démonstration de Trame : aucune donnée réelle.').moveDown()
  for (const line of lines) doc.text(line)
  doc.end()
  return done
}

export async function seedDocuments(frontDesk: DemoClient, personIds: string[], today: string) {
  const types = (await frontDesk.get('/api/document-types')).items as { id: string; label: string }[]
  // Files the front desk reaches (a confidential team's are not theirs to fill).
  const reachable: string[] = []
  for (const id of personIds) {
    if (reachable.length === 3) break
    if (
      await frontDesk.get(`/api/people/${id}`).then(
        () => true,
        () => false,
      )
    )
      reachable.push(id)
  }
  const typeId = (label: string) => types.find((t) => t.label === label)!.id
  const documents = [
    { type: 'Pièce d’identité', name: 'carte-identite.pdf', expiresOn: addDays(today, 25) },
    { type: 'Justificatif de ressources', name: 'avis-imposition.pdf' },
    { type: 'Justificatif de domicile', name: 'quittance-loyer.pdf' },
    { type: 'Pièce d’identité', name: 'titre-de-sejour.pdf', expiresOn: addDays(today, -10) },
    { type: 'Courrier CAF / CPAM', name: 'courrier-caf.pdf' },
    { type: 'Pièce d’identité', name: 'passeport.pdf', expiresOn: addDays(today, 900) },
  ]
  for (const [i, d] of documents.entries()) {
    const form = new FormData()
    form.append('personId', reachable[i % reachable.length]!)
    form.append('typeId', typeId(d.type))
    if (d.expiresOn) form.append('expiresOn', d.expiresOn)
    const pdf = await demoPdf(d.type, [`Fichier : ${d.name}`])
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), d.name)
    await frontDesk.upload('/api/documents', form)
  }
}
