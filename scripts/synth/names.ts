/**
 * Names of a French city's population, by origin and birth cohort, weighted like real frequencies.
 *
 * - French surnames: a head of the most frequent ones (INSEE order, with their accents; faker's fr list
 *   is included), then a long tail of rare surnames made by a character-level Markov chain trained on
 *   French surnames and first names — France has about 1.3 million distinct surnames, and in a city
 *   most people have a rare one. Some double names ("Martin-Durand") and particles ("Le", "De").
 * - Surnames and first names of the largest immigrant origins (Maghreb, West Africa, Portugal, Spain,
 *   Italy, Poland, Vietnam/China), from faker's locales and short curated lists.
 * - French first names follow the fashion of the birth decade (a "Monique" was born around 1940, a
 *   "Kevin" around 1992), then faker's fr list as a long tail.
 */
import { fakerES, fakerFR, fakerFR_CH, fakerFR_SN, fakerIT, fakerPL, fakerPT_PT } from '@faker-js/faker'
import { AliasTable, type Random, zipfWeights } from './random.ts'

export type Sex = 'female' | 'male'
export type Origin =
  | 'french'
  | 'maghreb'
  | 'west_africa'
  | 'portugal'
  | 'spain'
  | 'italy'
  | 'poland'
  | 'east_asia'

/** Share of each origin among the city's surnames (a large French city with a CCAS). */
export const ORIGIN_WEIGHTS: Record<Origin, number> = {
  french: 69.5,
  maghreb: 14,
  west_africa: 6,
  portugal: 4,
  spain: 2,
  italy: 2,
  poland: 1,
  east_asia: 1.5,
}

/** The most frequent surnames in France, most frequent first. */
const FRENCH_HEAD =
  `Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy
Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefebvre Faure
André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin
Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier
Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt
Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois
Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger
Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris
Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider
Fernandez Le_Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Le_Roux Cousin Germain Breton Besson
Langlois Rémy Le_Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob
Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da_Silva
Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune
Gilbert Lamy Delaunay Pasquier Carlier Laporte`
    .split(/\s+/)
    .map((n) => n.replaceAll('_', ' '))

/** Faker's fr list has no accents; the civil registry does. */
const ACCENTED: Record<string, string> = {
  Andre: 'André',
  Benoit: 'Benoît',
  Carre: 'Carré',
  Clement: 'Clément',
  Francois: 'François',
  Gerard: 'Gérard',
  Guerin: 'Guérin',
  Laine: 'Lainé',
  Lefevre: 'Lefèvre',
  Menard: 'Ménard',
  Noel: 'Noël',
  Prevost: 'Prévost',
  Remy: 'Rémy',
  Riviere: 'Rivière',
  'Da silva': 'Da Silva',
  'Le gall': 'Le Gall',
  'Le roux': 'Le Roux',
}

const MAGHREB_SURNAMES =
  `Benali Haddad Mansouri Belkacem Saïdi Boukhari Amrani Bouzid Cherif Hamidi Khelifi Meziane Ouali
Rahmani Slimani Taleb Zerrouki Bensalem Benaïssa Bouaziz Chaoui Djebbar Ferhat Guerfi Hadjadj Kaci Laroui Mebarki Nasri
Ouchène Rezki Saadi Tahri Yahiaoui Ziani Belhadj Benyahia Boudjema Brahimi Chaabane Dahmani El_Idrissi El_Amrani Fassi
Ghazi Hamdi Idir Jaziri Kaddour Lahlou Messaoudi Naceri Ouahbi Rachidi Sebbah Tounsi Zouaoui Aït_Ahmed Benkhelifa
Bouhired Mokrani Benmoussa Cherkaoui Alaoui Bennani Berrada Tazi Bakkali Benjelloun Chraïbi Ouazzani Hassani Belaïd
Lounis Amara Ben_Salah Trabelsi Jebali Gharbi Ayari Mejri Hammami Chouchane Ferchichi Bouchareb Hamadi Larbi Ait_Ali
Boumediene Medjahed Sahraoui Guendouz Benabdallah Khaldi Touati Mammeri Hocine Aouadi Benamar Bouras Djellal Abdelli`
    .split(/\s+/)
    .map((n) => n.replaceAll('_', ' '))

const MAGHREB_FIRST: Record<Sex, string[]> = {
  male: `Mohamed Ahmed Ali Karim Mehdi Youssef Rachid Samir Nabil Saïd Sofiane Bilal Hamza Omar Mustapha Abdelkader
Farid Kamel Malik Yacine Amine Ilyes Adam Rayan Nassim Djamel Hakim Larbi Brahim Khaled Walid Anis Redouane Mourad
Hichem Idriss Ismaël Sami Zinedine Abdel Lotfi Fouad Tarek Yassine Nordine Hocine Salim Aziz Fayçal Mounir`.split(
    /\s+/,
  ),
  female:
    `Fatima Aïcha Nadia Samira Malika Khadija Yasmine Leïla Amina Sarah Meriem Inès Soraya Zohra Nora Houria
Salima Farida Karima Naïma Djamila Hanane Sabrina Lina Nour Imane Kenza Rania Safia Wafa Yamina Fatiha Zineb Souad
Latifa Nassima Dalila Sonia Rachida Hayat Myriam Assia Lamia Sihem Asma Chaïma Hafsa Hind Ikram Maïssa`.split(
      /\s+/,
    ),
}

const EAST_ASIA_SURNAMES =
  `Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ngo Truong Chen Wang Li Zhang Liu Huang Lin Zhou Wu
Yang Huynh Vo Dinh Luong Lam Ly Ma Xu`.split(/\s+/)
const EAST_ASIA_FIRST: Record<Sex, string[]> = {
  male: `Minh Thanh Hung Tuan Duc Long Nam Quang Wei Jun Lei Hao Bao Hai Khanh Phong Vinh Jian Ming Yong`.split(
    /\s+/,
  ),
  female:
    `Linh Anh Hoa Lan Mai Thuy Huong Ngoc Trang Fang Jing Min Yan Hui Xiao Mei Lian Ying Hanh Thao`.split(
      /\s+/,
    ),
}
const ITALIAN_FIRST: Record<Sex, string[]> = {
  male: `Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Franco Domenico Bruno
Paolo Michele Marco Luca Andrea Stefano Roberto Alessandro Matteo Lorenzo`.split(/\s+/),
  female:
    `Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina Francesca Antonietta Carla Elena
Paola Giulia Chiara Sara Martina Valentina Alessia Federica Silvia Laura`.split(/\s+/),
}

/** Cohorts of French first names: the 20 most given in each period, most frequent first. */
const FRENCH_FIRST_BY_COHORT: { until: number; female: string[]; male: string[] }[] = [
  {
    until: 1949,
    female:
      `Marie Jeanne Monique Jacqueline Simone Denise Yvette Germaine Madeleine Paulette Suzanne Odette Colette
Marcelle Andrée Georgette Raymonde Lucienne Josette Ginette`.split(/\s+/),
    male: `Jean Pierre André Michel René Louis Roger Marcel Georges Henri Jacques Robert Paul Maurice Raymond Lucien
Bernard Claude Gérard Albert`.split(/\s+/),
  },
  {
    until: 1969,
    female:
      `Martine Nicole Françoise Christine Catherine Monique Sylvie Isabelle Brigitte Nathalie Chantal Patricia
Danielle Michèle Dominique Véronique Annie Évelyne Marie-Claude Christiane`.split(/\s+/),
    male: `Jean-Pierre Philippe Alain Michel Patrick Christian Daniel Bernard Gérard Jean-Claude Pascal Éric Thierry
Dominique Jacques Didier Francis Serge Gilles Joël`.split(/\s+/),
  },
  {
    until: 1989,
    female:
      `Nathalie Isabelle Sandrine Valérie Stéphanie Céline Aurélie Virginie Sophie Émilie Julie Karine Laetitia
Caroline Élodie Audrey Mélanie Sabrina Amandine Séverine`.split(/\s+/),
    male: `Nicolas Christophe Stéphane Sébastien Frédéric Julien David Laurent Olivier Cédric Jérôme Guillaume Anthony
Vincent Mickaël Franck Fabrice Ludovic Grégory Arnaud`.split(/\s+/),
  },
  {
    until: 2004,
    female:
      `Laura Camille Manon Marine Pauline Julie Léa Chloé Sarah Marion Océane Mathilde Anaïs Emma Clara Justine
Morgane Lucie Inès Jade`.split(/\s+/),
    male: `Thomas Kevin Alexandre Maxime Quentin Nicolas Antoine Romain Julien Florian Hugo Lucas Théo Clément Valentin
Dylan Mathieu Benjamin Jordan Anthony`.split(/\s+/),
  },
  {
    until: 9999,
    female:
      `Emma Léa Chloé Manon Jade Louise Alice Lina Rose Anna Inès Léna Zoé Mila Ambre Juliette Lucie Romane Lou
Camille`.split(/\s+/),
    male: `Lucas Hugo Louis Gabriel Nathan Enzo Jules Raphaël Arthur Léo Adam Mathis Timéo Noah Ethan Tom Mohamed Sacha
Paul Théo`.split(/\s+/),
  },
]

const uniq = (names: Iterable<string>) => [...new Set([...names].map((n) => n.trim()).filter(Boolean))]

/** A ranked list drawn with Zipf weights. */
function ranked(names: string[], exponent = 1, offset = 3) {
  return new AliasTable(names, zipfWeights(names.length, exponent, offset))
}

/** Substrings a generated name must never contain (insults, slurs, in French and English). */
const BLOCKED =
  /nigg|negr|pute|conn|cul|merd|bite|chier|salop|encul|nazi|hitl|fag|shit|fuck|cock|dick|porn|sex|anal|rape|kill|bougn|youp|pd/

/**
 * Character-level Markov chain of order 3 over French surnames (and the first names many surnames come
 * from): new surnames with the trigram statistics of real ones, which is what a trigram index sees.
 */
class SurnameChain {
  private readonly transitions = new Map<string, { table: AliasTable<string>; logp: Map<string, number> }>()
  private readonly start: string

  constructor(
    training: string[],
    private readonly order = 3,
  ) {
    this.start = '^'.repeat(order)
    const counts = new Map<string, Map<string, number>>()
    for (const raw of training) {
      const word = `${this.start}${raw.toLowerCase()}$`
      for (let i = order; i < word.length; i++) {
        const key = word.slice(i - order, i)
        const next = word[i]!
        const row = counts.get(key) ?? new Map<string, number>()
        row.set(next, (row.get(next) ?? 0) + 1)
        counts.set(key, row)
      }
    }
    for (const [key, row] of counts) {
      const total = [...row.values()].reduce((a, b) => a + b, 0)
      this.transitions.set(key, {
        table: new AliasTable([...row.keys()], [...row.values()]),
        logp: new Map([...row].map(([c, n]) => [c, Math.log(n / total)])),
      })
    }
  }

  /** A new surname and its log-probability under the chain (typical names score higher). */
  generate(random: Random): { name: string; logp: number } | undefined {
    let word = this.start
    let logp = 0
    while (word.length < 20) {
      const t = this.transitions.get(word.slice(-this.order))
      if (!t) return undefined
      const next = t.table.draw(random)
      logp += t.logp.get(next)!
      if (next === '$') break
      word += next
    }
    const name = word.slice(this.order)
    if (name.length < 4 || name.length > 11 || /[ -]$|^[ -]|[ -]{2}/.test(name) || BLOCKED.test(name))
      return undefined
    return {
      name: name
        .split(/([ -])/)
        .map((part) => (part.length > 1 ? part[0]!.toUpperCase() + part.slice(1) : part))
        .join(''),
      logp,
    }
  }
}

export interface NamePools {
  surname(random: Random, origin: Origin): string
  firstName(random: Random, origin: Origin, sex: Sex, birthYear: number): string
  origin(random: Random): Origin
  /** The distinct surnames in the long French tail (for the report). */
  tailSize: number
}

/**
 * Builds the name pools. `tailSize` distinct rare French surnames are generated (about a third of the
 * number of persons: a city of a million has a few hundred thousand distinct surnames).
 */
export function buildNamePools(random: Random, tailSize: number): NamePools {
  const fakerFrLast = fakerFR.rawDefinitions.person!.last_name!.generic!.map((n) => ACCENTED[n] ?? n)
  const head = uniq([...FRENCH_HEAD, ...fakerFrLast])
  const headTable = ranked(head, 1, 10)
  const frFirst = fakerFR.rawDefinitions.person!.first_name!
  const training = uniq([...head, ...fakerFR_CH.rawDefinitions.person!.last_name!.generic!, ...frFirst.male!])
  const known = new Set(training.map((n) => n.toLowerCase()))
  /** Rare surnames made by a chain trained on `names`: most typical first (they get the larger Zipf weights). */
  const generatedTail = (label: string, names: string[], size: number, exclude: Set<string>, order = 3) => {
    const chain = new SurnameChain(names, order)
    const made = new Map<string, number>()
    const r = random.fork(label)
    // The chain runs dry of new names after a while: a bounded number of attempts.
    for (let attempt = 0; made.size < size && attempt < size * 8; attempt++) {
      const name = chain.generate(r)
      if (name && !exclude.has(name.name.toLowerCase())) made.set(name.name, name.logp)
    }
    const sorted = [...made].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name)
    return sorted.length > 0 ? sorted : names
  }
  const tailNames = generatedTail('tail', training, tailSize, known)
  // Offset 200: the most frequent generated name is about as common as the 300th real one.
  const tailTable = new AliasTable(tailNames, zipfWeights(tailNames.length, 0.9, 200))

  const shuffledRanked = (label: string, names: string[], exponent = 1, offset = 5) =>
    ranked(random.fork(label).shuffle(uniq(names)), exponent, offset)
  // Surnames of other origins: the listed ones, and as many rarer ones made from them (a city's
  // families of Maghrebi or West African origin do not share a hundred surnames).
  const withTail = (label: string, names: string[], share: number, exponent = 0.3) => {
    const list = uniq(names)
    const generated = generatedTail(
      `${label}-tail`,
      list,
      Math.round((tailSize * share) / 0.7),
      new Set(list.map((n) => n.toLowerCase())),
      // A short list needs a shorter context to make new names.
      list.length < 300 ? 2 : 3,
    )
    return {
      head: shuffledRanked(label, list, exponent),
      tail: new AliasTable(generated, zipfWeights(generated.length, 0.9, 50)),
    }
  }
  const surnames: Record<
    Exclude<Origin, 'french'>,
    { head: AliasTable<string>; tail?: AliasTable<string> }
  > = {
    maghreb: withTail('maghreb', MAGHREB_SURNAMES, 0.14),
    west_africa: withTail('west_africa', fakerFR_SN.rawDefinitions.person!.last_name!.generic!, 0.06),
    portugal: withTail('portugal', fakerPT_PT.rawDefinitions.person!.last_name!.generic!, 0.04),
    spain: { head: shuffledRanked('spain', fakerES.rawDefinitions.person!.last_name!.generic!, 0.8) },
    italy: { head: shuffledRanked('italy', fakerIT.rawDefinitions.person!.last_name!.generic!, 0.7) },
    poland: { head: shuffledRanked('poland', fakerPL.rawDefinitions.person!.last_name!.generic!, 0.7) },
    // Vietnamese surnames really are few (Nguyen alone is borne by a third of Vietnamese families).
    east_asia: { head: ranked(EAST_ASIA_SURNAMES, 1, 2) },
  }
  const firstFor = (label: string, byOrigin: { female?: string[]; male?: string[] }) => ({
    female: shuffledRanked(`${label}-f`, byOrigin.female ?? []),
    male: shuffledRanked(`${label}-m`, byOrigin.male ?? []),
  })
  const firstNames: Record<Exclude<Origin, 'french'>, Record<Sex, AliasTable<string>>> = {
    maghreb: { female: ranked(MAGHREB_FIRST.female, 1, 4), male: ranked(MAGHREB_FIRST.male, 1, 4) },
    west_africa: firstFor('west_africa', fakerFR_SN.rawDefinitions.person!.first_name!),
    portugal: firstFor('portugal', fakerPT_PT.rawDefinitions.person!.first_name!),
    spain: firstFor('spain', fakerES.rawDefinitions.person!.first_name!),
    italy: { female: ranked(ITALIAN_FIRST.female, 1, 3), male: ranked(ITALIAN_FIRST.male, 1, 3) },
    poland: firstFor('poland', fakerPL.rawDefinitions.person!.first_name!),
    east_asia: { female: ranked(EAST_ASIA_FIRST.female, 1, 3), male: ranked(EAST_ASIA_FIRST.male, 1, 3) },
  }
  const cohorts = FRENCH_FIRST_BY_COHORT.map((c) => ({
    until: c.until,
    female: ranked(c.female, 1, 2),
    male: ranked(c.male, 1, 2),
  }))
  const frenchTail = {
    female: shuffledRanked('fr-f', [...frFirst.female!, ...frFirst.generic!], 1.1, 8),
    male: shuffledRanked('fr-m', [...frFirst.male!, ...frFirst.generic!], 1.1, 8),
  }
  const originTable = new AliasTable(Object.keys(ORIGIN_WEIGHTS) as Origin[], Object.values(ORIGIN_WEIGHTS))

  const frenchFirst = (r: Random, sex: Sex, birthYear: number): string => {
    if (r.chance(0.6)) {
      const cohort = cohorts.find((c) => birthYear <= c.until) ?? cohorts[cohorts.length - 1]!
      // Fashion spills over the neighbouring decades.
      const shifted = r.chance(0.25)
        ? (cohorts[cohorts.indexOf(cohort) + (r.chance(0.5) ? 1 : -1)] ?? cohort)
        : cohort
      return shifted[sex].draw(r)
    }
    return frenchTail[sex].draw(r)
  }

  return {
    tailSize: tailNames.length,
    origin: (r) => originTable.draw(r),
    surname(r, origin) {
      if (origin !== 'french') {
        const pool = surnames[origin]
        return pool.tail && r.chance(0.75) ? pool.tail.draw(r) : pool.head.draw(r)
      }
      // About 10 % of the population carries one of the ~220 most frequent surnames.
      const base = r.chance(0.145) ? headTable.draw(r) : tailTable.draw(r)
      const roll = r.next()
      if (roll < 0.03) return `${base}-${r.chance(0.5) ? headTable.draw(r) : tailTable.draw(r)}`
      if (roll < 0.045 && !base.includes(' ')) return `${r.pick(['Le', 'Le', 'De', 'Du', 'Da'])} ${base}`
      return base
    },
    firstName(r, origin, sex, birthYear) {
      // Children of immigrants often get a French first name.
      const french = origin === 'french' || r.chance(birthYear >= 1980 ? 0.35 : 0.1)
      const first = french ? frenchFirst(r, sex, birthYear) : firstNames[origin][sex].draw(r)
      // Some files carry two first names ("Marie Hélène").
      if (r.chance(0.06)) {
        const second = french ? frenchFirst(r, sex, birthYear) : firstNames[origin][sex].draw(r)
        if (second !== first) return `${first} ${second}`
      }
      return first
    },
  }
}

/** Lower case without accents: what an agent types in a hurry, and what `trame_normalise` stores. */
export function stripAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'Oe')
}

export function normaliseName(value: string): string {
  return stripAccents(value).toLowerCase()
}

const AZERTY_ROWS = ['azertyuiop', 'qsdfghjklm', 'wxcvbn']

function neighbourKey(random: Random, char: string): string {
  for (const [r, row] of AZERTY_ROWS.entries()) {
    const i = row.indexOf(char)
    if (i < 0) continue
    const options = [row[i - 1], row[i + 1], AZERTY_ROWS[r - 1]?.[i], AZERTY_ROWS[r + 1]?.[i]].filter(
      (c): c is string => Boolean(c),
    )
    return random.pick(options)
  }
  return random.pick([...'abcdefghijklmnopqrstuvwxyz'].filter((c) => c !== char))
}

export type TypoKind = 'substitution' | 'deletion' | 'transposition'

/**
 * Exactly one typing error in a word: a neighbouring or wrong letter, a missing letter, or two
 * letters swapped. The first letter is left alone more often than not (people rarely miss it).
 */
export function typo(random: Random, word: string): { word: string; kind: TypoKind } {
  const letters = [...word]
  const positions = letters.map((c, i) => ({ c, i })).filter(({ c }) => /\p{L}/u.test(c))
  for (let attempt = 0; attempt < 20; attempt++) {
    const kind: TypoKind = random.weighted({ substitution: 45, deletion: 30, transposition: 25 })
    const from = positions.length > 3 && random.chance(0.85) ? 1 : 0
    const { i, c } = positions[random.int(from, positions.length - 1)]!
    const out = [...letters]
    if (kind === 'substitution') {
      const lower = c.toLowerCase()
      const replacement = neighbourKey(random, normaliseName(lower) || lower)
      out[i] = c === lower ? replacement : replacement.toUpperCase()
    } else if (kind === 'deletion') {
      if (positions.length <= 3) continue
      out.splice(i, 1)
    } else {
      const j = i + 1
      if (j >= out.length || !/\p{L}/u.test(out[j]!) || normaliseName(out[j]!) === normaliseName(c)) continue
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    const result = out.join('')
    if (normaliseName(result) !== normaliseName(word)) return { word: result, kind }
  }
  return { word: `${word}e`, kind: 'substitution' }
}
