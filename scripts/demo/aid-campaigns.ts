/**
 * Aid's seasonal campaigns in the demo, through the API as the CCAS would: last year's end-of-year
 * parcels, closed and handed out, and this year's, open, with seniors registered at the front desk and
 * by the seniors line (some with a condition to check), a few parcels already collected or delivered.
 */
import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

export async function seedAidCampaigns(
  clients: { director: DemoClient; frontDesk: DemoClient },
  seniorIds: string[],
  today: string,
) {
  const { director, frontDesk } = clients
  const year = Number(today.slice(0, 4))
  const conditions = { minAge: 65, residenceRequired: true, quotientCeilingCents: 900_00 }

  const last = await director.post('/api/aid-campaigns', {
    label: `Colis de fin d’année ${year - 1}`,
    description: 'Un colis gourmand par senior, retiré au CCAS ou livré par les services civiques.',
    opensOn: addDays(today, -400),
    closesOn: addDays(today, -355),
    distributionOn: addDays(today, -350),
    ...conditions,
  })
  for (const [i, personId] of seniorIds.slice(0, 6).entries()) {
    const registration = await frontDesk.post(`/api/aid-campaigns/${last.id}/registrations`, {
      personId,
      channel: i % 2 === 0 ? 'front_desk' : 'seniors_line',
      resident: true,
      registeredOn: addDays(today, -390 + i),
    })
    await frontDesk.post(`/api/aid-campaigns/registrations/${registration.id}/received`, {
      delivery: i % 3 === 0 ? 'delivered' : 'collected',
      receivedOn: addDays(today, -350),
    })
  }
  await director.post(`/api/aid-campaigns/${last.id}/close`)

  const current = await director.post('/api/aid-campaigns', {
    label: `Colis de fin d’année ${year}`,
    description: 'Inscriptions à l’accueil et par la ligne seniors ; distribution en salle des fêtes.',
    opensOn: addDays(today, -35),
    closesOn: addDays(today, 10),
    distributionOn: addDays(today, 14),
    ...conditions,
  })
  const registered = []
  for (const [i, personId] of seniorIds.entries()) {
    registered.push(
      await frontDesk.post(`/api/aid-campaigns/${current.id}/registrations`, {
        personId,
        // Two in three call the seniors line; the others come to the desk.
        channel: i % 3 === 0 ? 'front_desk' : 'seniors_line',
        // The desk saw a proof of address for most; a few are left to check.
        resident: i % 5 === 4 ? null : true,
        registeredOn: addDays(today, -30 + (i % 28)),
      }),
    )
  }
  // Those who cannot come before the distribution day had theirs early.
  for (const registration of registered.slice(0, 3)) {
    await frontDesk.post(`/api/aid-campaigns/registrations/${registration.id}/received`, {
      delivery: 'delivered',
    })
  }
  if (registered[3]) {
    await frontDesk.post(`/api/aid-campaigns/registrations/${registered[3].id}/cancel`, {
      note: 'Part en famille pour les fêtes',
    })
  }
}
