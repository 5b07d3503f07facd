/**
 * Aid's money in the demo, through the API as the CCAS would: each fund's budget voted for last year
 * (closed) and this year, payments of the aid granted so far, food tickets and shower tickets received
 * by number range and some handed out, and a month of the municipal showers' counts.
 */
import type { Db } from '../../src/server/db/database.ts'
import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

export async function seedAidMoney(
  db: Db,
  clients: { admin: DemoClient; director: DemoClient; frontDesk: DemoClient },
  organisationId: string,
  personIds: string[],
  today: string,
) {
  const { admin, director, frontDesk } = clients
  const year = Number(today.slice(0, 4))

  // The règlement's funds, when the requests' part of the demo has not made them.
  let funds = (await admin.get(`/api/aid-funds?year=${year}`)).items as {
    id: string
    code: string
    name: string
  }[]
  if (funds.length === 0) {
    for (const fund of [
      { code: 'SECOURS', name: 'Secours d’urgence' },
      { code: 'FLAJ', name: 'Fonds local d’aide aux jeunes' },
      { code: 'ENERGIE', name: 'Impayés d’énergie' },
    ]) {
      await admin.post('/api/aid-funds', fund)
    }
    funds = (await admin.get(`/api/aid-funds?year=${year}`)).items
  }
  for (const [i, fund] of funds.entries()) {
    await admin.put(`/api/aid-funds/${fund.id}/budgets/${year - 1}`, {
      votedCents: (30_000 + i * 5_000) * 100,
    })
    await admin.post(`/api/aid-funds/${fund.id}/budgets/${year - 1}/close`)
    await admin.put(`/api/aid-funds/${fund.id}/budgets/${year}`, { votedCents: (32_000 + i * 4_000) * 100 })
  }

  // Payments of the aid granted so far (by the requests' part of the demo): most paid, one in part.
  const granted = await db
    .selectFrom('aid_requests as r')
    .innerJoin('aid_types as t', 't.id', 'r.aid_type_id')
    .select([
      'r.id',
      'r.granted_cents',
      'r.paid_cents',
      'r.decided_on',
      't.payment_forms',
      't.voucher_kind_id',
    ])
    .where('r.organisation_id', '=', organisationId)
    .where('r.status', '=', 'granted')
    .orderBy('r.decided_on')
    .limit(12)
    .execute()
  for (const [i, request] of granted.entries()) {
    const left = (request.granted_cents ?? 0) - request.paid_cents
    const forms = request.payment_forms.filter((f) => f !== 'voucher' || !request.voucher_kind_id)
    if (left <= 0 || forms.length === 0 || i % 4 === 3) continue
    const decidedOn = String(request.decided_on)
    const paidOn = addDays(decidedOn, 3) > today ? today : addDays(decidedOn, 3)
    await director.post('/api/aid-payments', {
      requestId: request.id,
      amountCents: i % 5 === 1 ? Math.ceil(left / 2) : left,
      form: forms.includes('creditor') ? 'creditor' : forms[0],
      payee: forms.includes('creditor') ? 'Fournisseur d’énergie' : null,
      paidOn,
      reference: `Mandat ${year}-${String(100 + i)}`,
      closedYearNote:
        Number(paidOn.slice(0, 4)) < year ? 'Facture reçue après la clôture de l’exercice' : null,
    })
  }

  // Food tickets and shower tickets, received by number range; some handed out.
  const food = await admin.post('/api/aid-vouchers/kinds', {
    code: 'TICKET-SERVICE',
    label: 'Ticket service (alimentaire)',
    faceValueCents: 800,
    fundId: funds[0]?.id ?? null,
  })
  const shower = await admin.post('/api/aid-vouchers/kinds', {
    code: 'DOUCHE',
    label: 'Ticket douche gratuit',
    faceValueCents: 0,
  })
  await frontDesk.post('/api/aid-vouchers/batches', {
    kindId: food.id,
    firstNumber: 4_001,
    lastNumber: 4_300,
    receivedOn: addDays(today, -60),
    note: 'Commande du trimestre',
  })
  await frontDesk.post('/api/aid-vouchers/batches', {
    kindId: shower.id,
    firstNumber: 1,
    lastNumber: 200,
    receivedOn: addDays(today, -45),
  })
  // Files the front desk reaches (a confidential team's are not theirs).
  const reachable: string[] = []
  for (const id of personIds) {
    if (reachable.length === 6) break
    if (await frontDesk.get(`/api/aid-vouchers?personId=${id}`).catch(() => null)) reachable.push(id)
  }
  let next = 4_001
  for (const [i, personId] of reachable.entries()) {
    const numbers = Array.from({ length: 2 + (i % 3) }, (_, k) => next + k)
    next += numbers.length
    await frontDesk.post('/api/aid-vouchers/issue', {
      kindId: food.id,
      numbers,
      personId,
      issuedOn: addDays(today, -40 + i * 6),
    })
    await frontDesk.post('/api/aid-vouchers/issue', {
      kindId: shower.id,
      numbers: [1 + i * 3, 2 + i * 3],
      personId,
      issuedOn: addDays(today, -30 + i * 4),
    })
  }
  await frontDesk.post('/api/aid-vouchers/return', {
    kindId: shower.id,
    numbers: [2],
    returnedOn: addDays(today, -5),
  })
  await frontDesk.post('/api/aid-vouchers/cancel', {
    kindId: food.id,
    numbers: [4_299, 4_300],
    reason: 'Tickets abîmés à la réception',
  })

  // A month of the showers' counts (every day but Sunday, when they are closed).
  for (let d = 30; d >= 0; d--) {
    const day = addDays(today, -d)
    if (new Date(`${day}T12:00:00Z`).getUTCDay() === 0) continue
    await frontDesk.put('/api/aid-shower-days', {
      day,
      paidCount: 8 + ((d * 7) % 9),
      voucherCount: 2 + (d % 4),
      freeCount: d % 3,
    })
  }
}
