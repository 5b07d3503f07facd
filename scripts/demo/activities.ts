/**
 * Group activities in the demo, through the API as the CCAS would, after seed 001: the intergenerational
 * actions of 2016 brought over as history (in care homes, clubs and at home, with the school children:
 * 1,400 seniors that year, a few named, most counted per category), and this year's life — the PAEJ's
 * collective actions (sophrology, art, sport), a fathers' group, energy-saving sessions, prevention
 * workshops for seniors — with sessions held, attendance noted, and the next ones planned.
 */
import { addDays } from '../../src/shared/dates.ts'
import type { DemoClient } from './api.ts'

/** Seniors who took part in 2016's intergenerational actions (seed 001). */
export const SENIORS_2016 = 1400

export async function seedActivities(
  clients: { admin: DemoClient; director: DemoClient; worker: DemoClient; psychologist: DemoClient },
  teamId: (name: string) => string,
  seniorIds: string[],
  personIds: string[],
  today: string,
) {
  const { admin, director, worker, psychologist } = clients
  const kinds: Record<string, string> = {}
  for (const label of [
    'Action intergénérationnelle',
    'Action collective PAEJ',
    'Groupe de pères',
    'Atelier économies d’énergie',
    'Atelier de prévention seniors',
  ])
    kinds[label] = (await admin.post('/api/activity-kinds', { label })).id

  // 2016, as history: three places, sessions every other week or so, the seniors counted on the sheet.
  const places = [
    {
      placeKind: 'care_home',
      title: 'Goûters partagés en EHPAD',
      placeLabel: 'EHPAD Les Tilleuls',
      category: 'seniors_care_home',
      perSession: 20,
    },
    {
      placeKind: 'club',
      title: 'Jeux et mémoire avec les clubs',
      placeLabel: 'Club du Moulin',
      category: 'seniors_club',
      perSession: 28,
    },
    {
      placeKind: 'home',
      title: 'Visites des collégiens à domicile',
      placeLabel: null,
      category: 'seniors_home',
      perSession: 6,
    },
  ] as const
  const sessions2016: { id: string; category: string; perSession: number }[] = []
  for (const place of places) {
    const activity = await worker.post('/api/activities', {
      kindId: kinds['Action intergénérationnelle'],
      title: place.title,
      teamId: teamId('Ligne seniors'),
      audience: 'seniors',
      placeKind: place.placeKind,
      placeLabel: place.placeLabel,
      description: 'Avec les écoles et le collège de Villebelle : enfants et seniors se retrouvent.',
    })
    for (let week = 1; week <= 50; week += 2) {
      const heldOn = addDays('2016-01-04', week * 7 + (place.placeKind === 'club' ? 2 : 0))
      const session = await worker.post(`/api/activities/${activity.id}/sessions`, {
        heldOn,
        startsAt: '14:30',
        endsAt: '16:30',
        facilitators: ['Animatrice du CCAS'],
      })
      sessions2016.push({ id: session.id, category: place.category, perSession: place.perSession })
    }
  }
  // A few seniors known to the CCAS are named (present at several sessions: counted once each).
  const named = seniorIds.slice(0, 6)
  for (const [i, personId] of named.entries()) {
    for (const session of [sessions2016[i * 3], sessions2016[i * 3 + 10]]) {
      if (session)
        await worker.post(`/api/activity-sessions/${session.id}/participants`, {
          personId,
          status: 'present',
        })
    }
  }
  // The rest counted per category, so that the year adds up to the seed's 1,400 seniors.
  const planned = sessions2016.reduce((total, s) => total + s.perSession, 0)
  let left = SENIORS_2016 - named.length
  for (const [i, session] of sessions2016.entries()) {
    const last = i === sessions2016.length - 1
    const seniors = last
      ? left
      : Math.min(left, Math.round((session.perSession * (SENIORS_2016 - named.length)) / planned))
    left -= seniors
    await worker.put(`/api/activity-sessions/${session.id}/counts`, {
      counts: [
        { category: session.category, count: seniors },
        { category: 'youths', count: 12 + (i % 5) },
      ],
    })
  }

  // This year: the PAEJ's collective actions (its confidential team), run by its psychologist.
  const young = personIds.slice(-12)
  for (const [title, placeKind, facilitator] of [
    ['Sophrologie', 'other', 'Sophrologue partenaire'],
    ['Atelier art et expression', 'public_place', 'Artiste intervenante'],
    ['Sport collectif du jeudi', 'public_place', 'Éducateur sportif'],
  ] as const) {
    const activity = await director.post('/api/activities', {
      kindId: kinds['Action collective PAEJ'],
      title,
      teamId: teamId('PAEJ'),
      audience: 'youths',
      placeKind,
      placeLabel: placeKind === 'other' ? 'Locaux du PAEJ' : 'Gymnase Jean-Moulin',
    })
    for (let month = 10; month >= 1; month--) {
      const session = await psychologist.post(`/api/activities/${activity.id}/sessions`, {
        heldOn: addDays(today, -month * 30),
        startsAt: '17:00',
        endsAt: '18:30',
        capacity: 12,
        facilitators: [facilitator],
      })
      await psychologist.put(`/api/activity-sessions/${session.id}/counts`, {
        counts: [{ category: 'youths', count: 5 + (month % 4) }],
      })
    }
  }

  // The fathers' group, an energy-saving session, the seniors' prevention workshops with names.
  const fathers = await worker.post('/api/activities', {
    kindId: kinds['Groupe de pères'],
    title: 'Groupe de pères du samedi',
    teamId: teamId('Accueil social'),
    audience: 'families',
    placeKind: 'public_place',
    placeLabel: 'Maison des familles',
  })
  const dads = personIds.slice(20, 26)
  for (let month = 6; month >= 1; month--) {
    const session = await worker.post(`/api/activities/${fathers.id}/sessions`, {
      heldOn: addDays(today, -month * 30 - 2),
      startsAt: '10:00',
      endsAt: '12:00',
      facilitators: ['Travailleur social', 'Médiatrice familiale'],
    })
    for (const [i, personId] of dads.entries()) {
      await worker.post(`/api/activity-sessions/${session.id}/participants`, {
        personId,
        status: (i + month) % 5 === 0 ? 'excused' : (i + month) % 7 === 0 ? 'absent' : 'present',
      })
    }
  }
  const energy = await worker.post('/api/activities', {
    kindId: kinds['Atelier économies d’énergie'],
    title: 'Réduire ses factures d’énergie',
    teamId: teamId('Accueil social'),
    audience: 'all',
    placeKind: 'public_place',
    placeLabel: 'Centre social des Acacias',
  })
  const held = await worker.post(`/api/activities/${energy.id}/sessions`, {
    heldOn: addDays(today, -45),
    startsAt: '14:00',
    endsAt: '16:00',
    capacity: 15,
    facilitators: ['Conseillère énergie'],
  })
  await worker.put(`/api/activity-sessions/${held.id}/counts`, {
    counts: [
      { category: 'adults', count: 9 },
      { category: 'parents', count: 3 },
    ],
  })
  const prevention = await worker.post('/api/activities', {
    kindId: kinds['Atelier de prévention seniors'],
    title: 'Atelier équilibre et prévention des chutes',
    teamId: teamId('Ligne seniors'),
    audience: 'seniors',
    placeKind: 'club',
    placeLabel: 'Club du Moulin',
  })
  for (const offset of [-60, -30, -7, 7, 21]) {
    const session = await worker.post(`/api/activities/${prevention.id}/sessions`, {
      heldOn: addDays(today, offset),
      startsAt: '10:00',
      endsAt: '11:30',
      capacity: 12,
      facilitators: ['Kinésithérapeute partenaire'],
    })
    for (const [i, personId] of seniorIds.slice(6, 14).entries()) {
      await worker.post(`/api/activity-sessions/${session.id}/participants`, {
        personId,
        // Planned sessions take registrations; held ones their attendance.
        status: offset > 0 ? 'registered' : i % 6 === 5 ? 'absent' : 'present',
      })
    }
  }
}
