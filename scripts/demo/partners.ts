import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

/**
 * The partners' side of the demo: the département's open directory of solidarity services imported as
 * an HSDS 3 dataset (Open Referral), its categories mapped onto Trame's, and the agreements
 * (conventions) binding the CCAS to its partners — one to renew within the month, one for a shelter.
 */
export async function seedPartners(worker: DemoClient, director: DemoClient, today: string) {
  await worker.put('/api/partners/hsds/taxonomy-mappings', {
    items: [
      { key: 'aide-alimentaire', label: 'Aide alimentaire', category: 'food' },
      { key: 'hygiene', label: 'Hygiène', category: 'hygiene' },
      { key: 'acces-aux-droits', label: 'Accès aux droits', category: 'rights' },
    ],
  })
  const form = new FormData()
  form.append(
    'file',
    new Blob([JSON.stringify(departementDirectory())], { type: 'application/json' }),
    'annuaire-solidarites-departement.json',
  )
  await worker.upload('/api/partners/hsds/import', form)

  const partners = (await director.get('/api/partners')).items as { id: string; name: string }[]
  const partner = (start: string) => partners.find((p) => p.name.startsWith(start))?.id
  const structures = (await director.get('/api/accommodation-structures')).items as { id: string }[]
  const agreements = [
    {
      partnerId: partner('Restos du Cœur'),
      subject: 'Convention de distribution alimentaire',
      module: 'aid',
      startsOn: addDays(today, -700),
      endsOn: addDays(today, 25),
    },
    {
      partnerId: partner('CPAM'),
      subject: 'Convention de partenariat pour l’ouverture des droits santé',
      module: 'followup',
      startsOn: addDays(today, -400),
      endsOn: addDays(today, 700),
    },
    {
      partnerId: partner('Accueil de jour'),
      subject: 'Convention d’accueil de jour et d’orientation vers l’hébergement',
      module: 'accommodation',
      structureId: structures[0]?.id ?? null,
      startsOn: addDays(today, -200),
      endsOn: addDays(today, 530),
      renewalReminderDays: 90,
      note: 'Bilan annuel en comité de pilotage.',
    },
  ]
  for (const agreement of agreements)
    if (agreement.partnerId) await director.post('/api/partner-agreements', agreement)
}

/** A small HSDS 3 dataset as a département's open directory publishes it: one organisation, two services. */
function departementDirectory() {
  const weekly = (id: string, byday: string, opens: string, closes: string) => ({
    id,
    freq: 'WEEKLY',
    byday,
    opens_at: opens,
    closes_at: closes,
  })
  return {
    id: '4c1b8e52-7d0a-4b63-9a55-2f0a3c9d6e11',
    name: 'Épicerie solidaire Le Panier de Villebelle',
    description: 'Épicerie sociale associative : produits à 10 à 30 % de leur prix, sur orientation.',
    email: 'contact@panier-villebelle.example',
    website: 'https://panier-villebelle.example',
    phones: [{ id: '6f3a2b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c', number: '04 77 00 12 34' }],
    services: [
      {
        id: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
        name: 'Épicerie solidaire',
        description: 'Courses à petit prix pour les foyers orientés par un travailleur social.',
        status: 'active',
        eligibility_description: 'Sur orientation du CCAS ou de la Maison départementale des solidarités.',
        schedules: [weekly('1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a', 'TU,FR', '14:00', '18:00')],
        attributes: [
          {
            id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
            link_type: 'service',
            link_entity: 'service',
            taxonomy_term: {
              id: '3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f',
              code: 'aide-alimentaire',
              name: 'Aide alimentaire',
              description: 'Aide alimentaire',
            },
          },
        ],
      },
      {
        id: '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e',
        name: 'Douches et laverie',
        description: 'Douches, laverie et bagagerie pour les personnes sans domicile.',
        status: 'active',
        schedules: [weekly('4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f8a', 'MO,WE,SA', '09:00', '12:00')],
        attributes: [
          {
            id: '5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8a9b',
            link_type: 'service',
            link_entity: 'service',
            taxonomy_term: {
              id: '6f7a8b9c-0d1e-4f2a-9b3c-5d6e7f8a9b0c',
              code: 'hygiene',
              name: 'Hygiène',
              description: 'Hygiène',
            },
          },
        ],
      },
    ],
  }
}
