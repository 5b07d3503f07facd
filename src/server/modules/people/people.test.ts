import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiClient,
  createOrganisation,
  createUser,
  signedIn,
} from '../../../../tests/support/factories.ts'
import { createTestContext, type TestContext } from '../../../../tests/support/test-app.ts'

let ctx: TestContext
let worker: ApiClient
let org: Awaited<ReturnType<typeof createOrganisation>>
beforeAll(async () => {
  ctx = await createTestContext()
  org = await createOrganisation(ctx)
  worker = await signedIn(
    ctx,
    await createUser(ctx, org.id, { roles: ['social_worker'], teamIds: [org.teamId] }),
  )
})
afterAll(() => ctx.close())

describe('person file', () => {
  it('creates a file with a file number and finds it again', async () => {
    const created = await worker.post('/api/people', {
      lastName: 'Dupont',
      firstNames: 'Hélène',
      birthDate: '1987-02-03',
      teamId: org.teamId,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      lastName: 'Dupont',
      firstNames: 'Hélène',
      birthDate: '1987-02-03',
      fileNumber: '000001',
    })
    const read = await worker.get(`/api/people/${created.json().id}`)
    expect(read.json()).toEqual(created.json())
  })

  it('accepts an anonymous person met in the street, described only', async () => {
    const created = await worker.post('/api/people', { description: 'Homme, ~25 ans, gare' })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ lastName: null, description: 'Homme, ~25 ans, gare' })
  })

  it('refuses a file with neither name nor description, with a French message on the field', async () => {
    const refused = await worker.post('/api/people', { birthDate: '1990-01-01' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([
      { path: 'lastName', message: 'Indiquez au moins un nom, un prénom, un surnom ou une description.' },
    ])
    const badDate = await worker.post('/api/people', { lastName: 'X', birthDate: '31/02/1990' })
    expect(badDate.json().errors).toEqual([
      { path: 'birthDate', message: 'Date invalide (format attendu : AAAA-MM-JJ).' },
    ])
  })

  it('searches names without accents or case', async () => {
    await worker.post('/api/people', { lastName: 'Lefèvre', firstNames: 'Zoé' })
    for (const q of ['LEFEVRE', 'zoe lefèvre', 'Lefevre   ZOE']) {
      const found = (await worker.get(`/api/people?q=${encodeURIComponent(q)}`)).json().items
      expect(
        found.map((p: { firstNames: string }) => p.firstNames),
        q,
      ).toEqual(['Zoé'])
    }
    // A word no name of the file answers: the file still comes, saying which word it misses.
    const partial = (await worker.get('/api/people?q=zoe%20martin')).json()
    expect(partial.total).toBe(0)
    expect(partial.items.map((p: { firstNames: string }) => p.firstNames)).toEqual(['Zoé'])
    expect(partial.items[0].match.unmatched).toEqual(['martin'])
  })

  it('finds a person despite a typo and missing accents, best match first ("Helene Dupond")', async () => {
    const search = async (q: string) =>
      (await worker.get(`/api/people?q=${encodeURIComponent(q)}`))
        .json()
        .items.map(
          (p: { lastName: string | null; firstNames: string | null }) => `${p.lastName} ${p.firstNames}`,
        )
    // "Dupont Hélène", born 1987-02-03, was created by the first test of this file.
    await worker.post('/api/people', { lastName: 'Duval', firstNames: 'Hélène' })
    await worker.post('/api/people', { lastName: 'Dupuis', firstNames: 'Marc' })
    await worker.post('/api/people', { lastName: 'Dupont', firstNames: 'Hélèna' })

    const found = await search('Helene Dupond')
    expect(found[0]).toBe('Dupont Hélène')
    expect(found).toContain('Dupont Hélèna')
    expect(found).not.toContain('Duval Hélène')
    expect(found).not.toContain('Dupuis Marc')
    // Birth date in French or ISO form, alone or with a name.
    expect(await search('03/02/1987')).toEqual(['Dupont Hélène'])
    expect(await search('dupont 1987-02-03')).toEqual(['Dupont Hélène'])
    expect(await search('31/02/1987')).toEqual([])
  })

  it('finds a file by its number', async () => {
    const created = (await worker.post('/api/people', { lastName: 'Numéro' })).json()
    const byNumber = (await worker.get(`/api/people?q=${Number(created.fileNumber)}`)).json().items
    expect(byNumber.map((p: { id: string }) => p.id)).toEqual([created.id])
  })

  it('warns of likely existing files while a new one is typed', async () => {
    const likely = async (params: Record<string, string>) =>
      (await worker.get(`/api/people/likely-duplicates?${new URLSearchParams(params)}`))
        .json()
        .items.map((p: { lastName: string; firstNames: string }) => `${p.lastName} ${p.firstNames}`)
    await worker.post('/api/people', { lastName: 'Lefebvre', firstNames: 'Mathéo', birthDate: '2001-05-14' })
    // A typo in the name.
    expect(await likely({ lastName: 'Lefebre', firstNames: 'Matheo' })).toEqual(['Lefebvre Mathéo'])
    // Same birth date and a name that sounds alike.
    // (the earlier "Lefèvre Zoé" is a fair candidate too, ranked below).
    expect((await likely({ lastName: 'Lefèbvre', birthDate: '2001-05-14' }))[0]).toBe('Lefebvre Mathéo')
    // Nothing close: nothing shown.
    expect(await likely({ lastName: 'Zimmermann', firstNames: 'Paul' })).toEqual([])
    expect(await likely({ lastName: 'Le' })).toEqual([])
  })

  it('forgives a typo in a short name: a letter wrong, missing, added or two letters swapped', async () => {
    const created = (await worker.post('/api/people', { lastName: 'Roux', firstNames: 'Daniel' })).json()
    for (const q of ['dqniel roux', 'danel roux', 'daniell roux', 'dainel roux', 'daniel rxou']) {
      const found = (await worker.get(`/api/people?q=${encodeURIComponent(q)}`)).json().items
      expect(found.map((p: { id: string }) => p.id).slice(0, 10), q).toContain(created.id)
    }
  })

  it('ranks first the namesake of a close age: a birth date a year off, or an age guessed in the street', async () => {
    const ids = async (params: Record<string, string>) =>
      (await worker.get(`/api/people/likely-duplicates?${new URLSearchParams(params)}`))
        .json()
        .items.map((p: { id: string }) => p.id)
    const elder = (
      await worker.post('/api/people', { lastName: 'Vasseur', firstNames: 'Marie', birthDate: '1948-01-01' })
    ).json()
    const younger = (
      await worker.post('/api/people', { lastName: 'Vasseur', firstNames: 'Marie', birthDate: '1990-06-01' })
    ).json()
    expect(
      (await ids({ lastName: 'Vasseur', firstNames: 'Marie', birthDate: '1991-02-01' })).slice(0, 2),
    ).toEqual([younger.id, elder.id])
    const street = (
      await worker.post('/api/people', { lastName: 'Vasseur', firstNames: 'Mario', approximateAge: 35 })
    ).json()
    const thirtyFiveYearsAgo = `${new Date().getFullYear() - 35}-01-15`
    expect((await ids({ lastName: 'Vasseur', firstNames: 'Mario', birthDate: thirtyFiveYearsAgo }))[0]).toBe(
      street.id,
    )
  })

  it('updates a file and keeps what was not sent', async () => {
    const created = (await worker.post('/api/people', { lastName: 'Moreau', firstNames: 'Luc' })).json()
    const updated = await worker.patch(`/api/people/${created.id}`, { usageName: 'Moreau-Petit' })
    expect(updated.json()).toMatchObject({ lastName: 'Moreau', firstNames: 'Luc', usageName: 'Moreau-Petit' })
    const invalid = await worker.patch(`/api/people/${created.id}`, { birthDate: 'demain' })
    expect(invalid.statusCode).toBe(400)
    expect((await worker.get(`/api/people/${created.id}`)).json().usageName).toBe('Moreau-Petit')
  })

  it('refuses a change made on a version someone else saved since, and keeps theirs', async () => {
    const created = (await worker.post('/api/people', { lastName: 'Garnier', firstNames: 'Paul' })).json()
    // Two agents open the file; the first saves, then the second saves from what they had loaded.
    const loaded = (await worker.get(`/api/people/${created.id}`)).json().updatedAt as string
    const first = await worker.patch(`/api/people/${created.id}`, {
      phone: '06 11 22 33 44',
      expectedUpdatedAt: loaded,
    })
    expect(first.statusCode, first.body).toBe(200)
    const second = await worker.patch(`/api/people/${created.id}`, {
      phone: '06 99 88 77 66',
      expectedUpdatedAt: loaded,
    })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({
      code: 'EDIT_CONFLICT',
      detail: expect.stringContaining('modifié par quelqu’un d’autre pendant votre saisie'),
    })
    expect((await worker.get(`/api/people/${created.id}`)).json().phone).toBe('06 11 22 33 44')
    // From the version now saved, the change goes through.
    const again = await worker.patch(`/api/people/${created.id}`, {
      phone: '06 99 88 77 66',
      expectedUpdatedAt: first.json().updatedAt,
    })
    expect(again.statusCode, again.body).toBe(200)
    // Two saves at the same moment from the same version: exactly one wins.
    const version = again.json().updatedAt as string
    const racing = await Promise.all(
      ['Pierre', 'Jacques'].map((firstNames) =>
        worker.patch(`/api/people/${created.id}`, { firstNames, expectedUpdatedAt: version }),
      ),
    )
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409])
  })
})

describe('person search: typing errors read as the likeliest names', () => {
  const create = async (values: Record<string, unknown>) => {
    const created = await worker.post('/api/people', values)
    expect(created.statusCode, created.body).toBe(201)
    return created.json().id as string
  }
  const search = async (q: string, archives = '') =>
    (await worker.get(`/api/people?q=${encodeURIComponent(q)}${archives}`))
      .json()
      .items.map((p: { id: string }) => p.id)

  it('puts one typing error before two, and a neighbouring key before another letter', async () => {
    const perric = await create({ lastName: 'Perric', firstNames: 'Julien' })
    const perez = await create({ lastName: 'Perez', firstNames: 'Julien' })
    expect(await search('julien pereic')).toEqual([perric, perez])
    // "h" sits next to "y" on the keyboard, not to "i" nor "o".
    const sali = await create({ lastName: 'Sali', firstNames: 'Albertine' })
    const saly = await create({ lastName: 'Saly', firstNames: 'Albertine' })
    const salo = await create({ lastName: 'Salo', firstNames: 'Albertine' })
    const found = await search('salh albertine')
    expect(found[0]).toBe(saly)
    expect(found).toEqual(expect.arrayContaining([sali, salo]))
  })

  it('forgives a typo in a two-letter name and in a particle', async () => {
    const ly = await create({ lastName: 'Pham', usageName: 'Ly', firstNames: 'Hoa' })
    await create({ lastName: 'Hoang', firstNames: 'Mylène' })
    expect((await search('hoa my'))[0]).toBe(ly)
    const le = await create({ lastName: 'Le', firstNames: 'Hao Hai' })
    expect((await search('ld hao hai'))[0]).toBe(le)
    const joan = await create({ lastName: 'Garcia', firstNames: "Jeanne d'Arc" })
    expect(await search('garcia jeanne d’ac')).toEqual([joan])
  })

  it('does not read two typed words as the same name', async () => {
    const meira = await create({ lastName: 'Meira', firstNames: 'Mia' })
    const mira = await create({ lastName: 'Mira', firstNames: 'Manuel' })
    const found = await search('mia mira')
    expect(found[0]).toBe(meira)
    expect(found).toContain(mira)
  })

  it('puts the files named exactly as typed first, active ones before archived ones', async () => {
    const archived = await create({ lastName: 'Fournival', firstNames: 'Martine', status: 'archived' })
    const longer = await create({ lastName: 'Richard-Fournival', firstNames: 'Martine Michèle' })
    const active = await create({ lastName: 'Fournival', firstNames: 'Martine' })
    // Archived files answer only when asked for (the retention sweeper's archive).
    expect(await search('martine fourinval')).toEqual([active, longer])
    expect(await search('martine fourinval', '&includeArchived=true')).toEqual([active, archived, longer])
  })

  it('completes the last word as it is typed, and reads a finished word as mistyped first', async () => {
    const alme = await create({ lastName: 'Alme', firstNames: 'Alpinien' })
    const amelien = await create({ lastName: 'Amelien', firstNames: 'Alpinien' })
    expect(await search('ame alpinien')).toEqual([alme, amelien])
    expect((await search('alpinien amel'))[0]).toBe(amelien)
  })
})

describe('person search as agents type it', () => {
  const create = async (values: Record<string, unknown>) => {
    const created = await worker.post('/api/people', values)
    expect(created.statusCode, created.body).toBe(201)
    return created.json().id as string
  }
  const found = async (q: string, archives = '') => {
    const response = await worker.get(`/api/people?q=${encodeURIComponent(q)}${archives}`)
    expect(response.statusCode, response.body).toBe(200)
    return response.json() as {
      items: { id: string; match: { names: { field: string; value: string }[]; unmatched: string[] } }[]
      total: number
    }
  }
  const ids = async (q: string) => (await found(q)).items.map((p) => p.id)

  it('finds names written as they sound, or transliterated otherwise', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ lastName: 'Ravelonarivo', firstNames: 'Matthieu' }, ['mathieu ravelonarivo', 'matieu ravelonarivo']],
      [{ lastName: 'Fontanieu', firstNames: 'Thierry' }, ['tierry fontanieu']],
      [{ lastName: 'Benhamida', firstNames: 'Yassine' }, ['yacine benhamida', 'yassin benhamida']],
      [{ lastName: 'Sangaré', firstNames: 'Oumar' }, ['omar sangare']],
      [{ lastName: 'Diakité', firstNames: 'Aïssatou' }, ['aisatou diakite', 'aissatou diakité']],
      [{ lastName: 'Schmitt', firstNames: 'Gaëtan' }, ['chmitt gaetan', 'gaétan schmit']],
      [{ lastName: 'Jacquot', firstNames: 'Lucienne' }, ['jacot lucienne']],
      [{ lastName: 'Rodrigues', firstNames: 'Anabela' }, ['rodriguez anabela']],
      [{ lastName: 'Gonçalves', firstNames: 'Nuno' }, ['goncalves nuno']],
      [{ lastName: 'Trần', firstNames: 'Minh' }, ['tran minh']],
    ]
    for (const [values, queries] of cases) {
      const id = await create(values)
      for (const q of queries) expect((await ids(q))[0], q).toBe(id)
    }
  })

  it('reads hyphens, particles and spaces either way', async () => {
    const legall = await create({ lastName: 'Le Gall', firstNames: 'Marie-Thérèse' })
    for (const q of ['MarieThérèse Legall', 'marie therese le gall', 'LeGall MT', 'le gall marie-therese']) {
      expect((await ids(q))[0], q).toBe(legall)
    }
    const bensaid = await create({ lastName: 'Bensaid', firstNames: 'Karim' })
    const nguessan = await create({ lastName: "N'Guessan", firstNames: 'Affoué' })
    const dossantos = await create({ lastName: 'Dos Santos', firstNames: 'Rui' })
    const vandenberg = await create({ lastName: 'Van den Berg', firstNames: 'Pieter' })
    for (const [q, id] of [
      ['karim ben said', bensaid],
      ['karim ben saïd', bensaid],
      ['nguessan affoue', nguessan],
      ['n guessan affoue', nguessan],
      ['dossantos rui', dossantos],
      ['vandenberg pieter', vandenberg],
      ['van den berg pieter', vandenberg],
    ] as const) {
      expect((await ids(q))[0], q).toBe(id)
    }
  })

  it('narrows the list as a name is typed, in either order, even among many shorter names', async () => {
    // More than thirty names begin with "berna" and are shorter than the one looked for.
    for (const [i, suffix] of 'abcdefghijklmnopqrstuvwxyzabcdefgh'.split('').entries()) {
      await create({ lastName: `Berna${suffix}${i < 26 ? '' : 'e'}`, firstNames: 'Paul' })
    }
    const wanted = await create({ lastName: 'Bernardinelli', firstNames: 'Jeanne' })
    for (const q of ['bernardin', 'berna jea', 'jeanne berna', 'je bernardi', 'bernardinelli j']) {
      expect((await ids(q)).slice(0, 10), q).toContain(wanted)
    }
    expect((await ids('bernardinelli jeanne'))[0]).toBe(wanted)
  })

  it('ranks namesakes (active first) and counts them all', async () => {
    const archived = await create({ lastName: 'Kervella', firstNames: 'Anne', status: 'archived' })
    const others = [
      await create({ lastName: 'Kervella', firstNames: 'Anne' }),
      await create({ lastName: 'Kervella', firstNames: 'Anne' }),
    ]
    expect((await found('kervella anne')).total).toBe(2)
    const result = await found('kervella anne', '&includeArchived=true')
    expect(result.total).toBe(3)
    expect(result.items.map((p) => p.id).at(-1)).toBe(archived)
    expect(
      result.items
        .map((p) => p.id)
        .slice(0, 2)
        .sort(),
    ).toEqual([...others].sort())
  })

  it('reads a birth date in any common form, a birth year, an age', async () => {
    const born = await create({ lastName: 'Quéméner', firstNames: 'Yann', birthDate: '1987-03-05' })
    const namesake = await create({ lastName: 'Quéméner', firstNames: 'Yann', birthDate: '1961-11-20' })
    for (const q of ['quemener 05/03/1987', 'quemener 5/3/87', 'quemener 1987-03-05', 'quemener 05031987']) {
      expect(await ids(q), q).toEqual([born])
    }
    expect((await ids('yann quemener 5 mars 1987'))[0]).toBe(born)
    expect(await ids('05.03.1987')).toContain(born)
    expect((await ids('quemener 1987'))[0]).toBe(born)
    expect((await ids('quemener 1961'))[0]).toBe(namesake)
    const age =
      new Date().getFullYear() - 1961 - (new Date() < new Date(new Date().getFullYear(), 10, 20) ? 1 : 0)
    expect((await ids(`quemener ${age} ans`))[0]).toBe(namesake)
    expect((await ids(`quemener ${age}ans`))[0]).toBe(namesake)
  })

  it('never shows a wrong person alone: a number is a file number only when it looks like one', async () => {
    const wanted = await create({ lastName: 'Le Bihan', firstNames: 'Soizic', birthDate: '1988-07-14' })
    const other = (await worker.post('/api/people', { lastName: 'Zébulon', firstNames: 'Ana' })).json()
    // "1988" is a year here, not file number 001988.
    expect(await ids('le bihan 1988')).toEqual([wanted])
    // A year no file of that name has: the namesakes still come, saying the year did not match.
    const wrongYear = await found('le bihan 1990')
    expect(wrongYear.items[0]!.id).toBe(wanted)
    expect(wrongYear.items[0]!.match.unmatched).toEqual(['1990'])
    expect(await ids(other.fileNumber)).toEqual([other.id])
  })

  it('finds aliases, usage and birth names, phone numbers in any format, and says what matched', async () => {
    const id = await create({
      lastName: 'Morvan',
      usageName: 'Caradec',
      firstNames: 'Nolwenn',
      aliases: ['La Bretonne'],
      phone: '06 12 34 56 78',
    })
    for (const q of ['nolwenn morvan', 'nolwenn caradec', 'la bretonne', 'labretonne']) {
      expect((await ids(q))[0], q).toBe(id)
    }
    expect((await found('bretonne')).items[0]!.match.names).toEqual([
      { field: 'alias', value: 'La Bretonne' },
    ])
    expect((await found('caradec nolwenn')).items[0]!.match.names).toEqual([
      { field: 'usageName', value: 'Caradec' },
      { field: 'firstNames', value: 'Nolwenn' },
    ])
    for (const q of ['0612345678', '06.12.34.56.78', '+33 6 12 34 56 78', '0033612345678']) {
      expect(await ids(q), q).toEqual([id])
    }
  })

  it('keeps the file whose one word is spelt another way', async () => {
    const id = await create({ lastName: 'Abgrall', firstNames: 'Corentin' })
    const result = await found('qorantyn abgrall')
    expect(result.items[0]!.id).toBe(id)
  })
})
