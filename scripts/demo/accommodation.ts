/**
 * Accommodation in the demo: the seed's 2017 as history (the CHRS urgence and réinsertion and the
 * LHSS with their stays from 2016 to 2018, so the statistics give 211 / 49 / 6 one filter away), and
 * today's work through the API: a man entered for the night at the CHRS urgence, an LHSS admission
 * taken from the hospital's request through the nurse's medical part, the doctor's opinion and the
 * director's validation to a bed, and another request waiting for the director.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../../src/server/db/database.ts'
import { addDays } from '../../src/shared/dates.ts'
import { insertScriptedStays } from './accommodation-statistics.ts'
import type { DemoClient } from './api.ts'

const LAST_NAMES = [
  'Morel',
  'Girard',
  'Andre',
  'Mercier',
  'Dupuis',
  'Lambert',
  'Bonnet',
  'Francois',
  'Martinez',
]
const FIRST_NAMES = ['Karim', 'Pascal', 'Jean-Marc', 'Yacine', 'Thierry', 'Mamadou', 'Didier', 'Sébastien']

export async function seedAccommodation(
  db: Db,
  clients: { worker: DemoClient; nurse: DemoClient; doctor: DemoClient; director: DemoClient },
  organisationId: string,
  personIds: string[],
  today: string,
) {
  // Years-old records: written directly, as an import of the CCAS's history would.
  let n = 0
  await insertScriptedStays(db, organisationId, async () => {
    n += 1
    const row = await db
      .insertInto('people')
      .values({
        organisation_id: organisationId,
        file_number: `H${randomUUID().slice(0, 8)}`,
        last_name: LAST_NAMES[n % LAST_NAMES.length]!,
        first_names: FIRST_NAMES[(n * 5) % FIRST_NAMES.length]!,
        birth_date: `${1960 + (n % 35)}-0${1 + (n % 9)}-1${n % 10}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  })

  const { worker, nurse, doctor, director } = clients
  const structures = (await director.get('/api/accommodation-structures')).items as {
    id: string
    kind: string
  }[]
  const structureOf = async (kind: string) =>
    (await director.get(`/api/accommodation-structures/${structures.find((s) => s.kind === kind)!.id}`)) as {
      id: string
      units: { places: { id: string }[] }[]
    }
  const emergency = await structureOf('chrs_emergency')
  const lhss = await structureOf('lhss')

  // Tonight at the CHRS urgence: no admission needed.
  await worker.post('/api/accommodation-stays', {
    structureId: emergency.id,
    personId: personIds[40],
    placeId: emergency.units[0]!.places[0]!.id,
    startedOn: today,
  })

  // An LHSS admission from the hospital, through every step, to bed 2.
  const admitted = await worker.post('/api/accommodation-requests', {
    structureId: lhss.id,
    personId: personIds[41],
    receivedOn: addDays(today, -6),
    orientationSource: 'hospital',
    orientingContact: 'Service des urgences du CHU',
    priority: 'high',
    socialPart: 'Sans domicile depuis deux ans ; sort d’hospitalisation, soins de plaie quotidiens.',
  })
  await nurse.put(`/api/accommodation-requests/${admitted.id}/medical-part`, {
    content: 'Plaie chronique de jambe, pansements quotidiens ; traitement antibiotique en cours.',
  })
  await doctor.post(`/api/accommodation-requests/${admitted.id}/medical-opinions`, {
    opinion: 'favourable',
    givenOn: addDays(today, -4),
  })
  await director.post(`/api/accommodation-requests/${admitted.id}/validate`, {
    placeId: lhss.units[1]!.places[0]!.id,
    expectedArrivalOn: today,
  })
  await worker.post(`/api/accommodation-requests/${admitted.id}/admit`, { startedOn: today })

  // Another request with a favourable opinion, waiting for the director's validation.
  const waiting = await worker.post('/api/accommodation-requests', {
    structureId: lhss.id,
    personId: personIds[42],
    receivedOn: addDays(today, -2),
    orientationSource: 'siao',
    priority: 'normal',
    socialPart: 'Orienté par le SIAO après une nuit aux urgences.',
  })
  await nurse.put(`/api/accommodation-requests/${waiting.id}/medical-part`, {
    content: 'Suites d’une pneumopathie ; repos et surveillance infirmière.',
  })
  await doctor.post(`/api/accommodation-requests/${waiting.id}/medical-opinions`, {
    opinion: 'favourable',
    givenOn: addDays(today, -1),
  })
}
