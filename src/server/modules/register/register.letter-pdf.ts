import { REGISTER_GROUND } from '../../../shared/register.ts'
import { PDF_BOLD as BOLD, frenchDate, newPdf, PDF_REGULAR as REGULAR } from '../../platform/pdf.ts'
import type { RegisterService } from './register.service.ts'

type Letter = Awaited<ReturnType<RegisterService['acknowledgement']>>

/**
 * The acknowledgement of a third party's request (CASF R121-3): it tells the person they will be
 * registered unless they object, and how to object, correct or leave the register.
 */
export function renderAcknowledgementPdf(letter: Letter): Promise<Buffer> {
  const { entry } = letter
  const { doc, done } = newPdf({
    title: 'Registre des personnes vulnérables — accusé de réception',
    margin: 60,
  })

  doc.font(BOLD).fontSize(12).text(letter.organisationName)
  doc.moveDown(2)
  doc.font(REGULAR).fontSize(11).text(entry.personName, { align: 'right' })
  if (entry.address) doc.text(entry.address, { align: 'right' })
  doc.moveDown()
  doc.text(`Le ${frenchDate(letter.printedOn)}`, { align: 'right' })
  doc.moveDown(2)
  doc.font(BOLD).text('Objet : demande d’inscription au registre des personnes vulnérables')
  doc.moveDown()
  doc.font(REGULAR).text('Madame, Monsieur,')
  doc.moveDown()
  doc.text(
    `Le ${frenchDate(entry.requestedOn)}, ${entry.requesterName ?? 'un tiers'}` +
      `${entry.requesterRelationship ? ` (${entry.requesterRelationship})` : ''} a demandé par écrit votre ` +
      'inscription au registre nominatif des personnes vulnérables que tiennent nos services ' +
      '(article L121-6-1 du code de l’action sociale et des familles), au titre suivant : ' +
      `${REGISTER_GROUND.labels[entry.ground].toLowerCase()}.`,
  )
  doc.moveDown()
  doc.text(
    'Ce registre permet, lorsque le préfet déclenche un plan d’alerte (canicule, grand froid…), de vous ' +
      'appeler et de vous faire porter aide si besoin. L’inscription est facultative. Sauf opposition de ' +
      'votre part, vous y serez inscrit·e. Vous pouvez vous y opposer à tout moment, par courrier ou en ' +
      'vous présentant à l’accueil : votre demande sera alors supprimée.',
  )
  doc.moveDown()
  doc.text(
    'Les informations du registre sont confidentielles : seuls les agents désignés et le directeur y ont ' +
      'accès, et ils sont tenus au secret. Elles ne sont transmises qu’au préfet, à sa demande, pendant un ' +
      'plan d’alerte. Vous pouvez les consulter, les faire corriger ou demander à tout moment votre ' +
      'radiation du registre.',
  )
  doc.moveDown(2)
  doc.text('Veuillez agréer, Madame, Monsieur, nos salutations distinguées.')
  doc.end()
  return done
}
