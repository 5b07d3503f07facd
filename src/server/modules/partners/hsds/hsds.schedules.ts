/**
 * HSDS schedules (RFC 5545 recurrence fields) read aloud in French for the directory's opening hours:
 * « le lundi et le mercredi de 9 h à 12 h », « le dernier vendredi du mois de 14 h à 17 h ».
 */
export interface HsdsSchedule {
  freq?: string
  interval?: number
  byday?: string
  bymonthday?: number | string
  opens_at?: string
  closes_at?: string
  description?: string
}

const DAYS: Record<string, string> = {
  MO: 'lundi',
  TU: 'mardi',
  WE: 'mercredi',
  TH: 'jeudi',
  FR: 'vendredi',
  SA: 'samedi',
  SU: 'dimanche',
}

/** "09:00", "09:00:00", "09:00Z", "09:00+01:00" → « 9 h »; "12:30" → « 12 h 30 ». */
export function frenchTime(value: string | undefined) {
  const match = /^(\d{1,2}):(\d{2})/.exec(value?.trim() ?? '')
  if (!match) return null
  const hours = Number(match[1])
  const minutes = match[2]!
  if (hours > 23 || Number(minutes) > 59) return null
  return minutes === '00' ? `${hours} h` : `${hours} h ${minutes}`
}

/** « a », « a et b », « a, b et c ». */
function list(words: string[]) {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} et ${words.at(-1)}`
}

function ordinal(n: number) {
  if (n === -1) return 'dernier'
  if (n < 0) return `${-n}e avant-dernier`
  return n === 1 ? '1er' : `${n}e`
}

/** Each day of `byday` in French; a day it cannot read is left out. */
function days(byday: string | undefined, monthly: boolean) {
  const words: string[] = []
  for (const token of (byday ?? '').split(',')) {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(token.trim().toUpperCase())
    if (!match) continue
    const day = DAYS[match[2]!]!
    const n = match[1] ? Number(match[1]) : null
    words.push(n && monthly ? `le ${ordinal(n)} ${day} du mois` : `le ${day}`)
  }
  return words
}

function hours(schedule: HsdsSchedule) {
  const opens = frenchTime(schedule.opens_at)
  const closes = frenchTime(schedule.closes_at)
  if (opens && closes) return `de ${opens} à ${closes}`
  if (opens) return `à partir de ${opens}`
  if (closes) return `jusqu’à ${closes}`
  return null
}

/** One schedule in French; its free description when it has no recurrence Trame can read. */
export function scheduleInFrench(schedule: HsdsSchedule): string | null {
  const monthly = schedule.freq === 'MONTHLY'
  const parts: string[] = []
  const interval = Number(schedule.interval ?? 1)
  const dayWords = days(schedule.byday, monthly)
  if (dayWords.length > 0) {
    if (!monthly && interval > 1) parts.push(`toutes les ${interval} semaines,`)
    parts.push(list(dayWords))
  } else if (monthly && schedule.bymonthday !== undefined && /^\d{1,2}$/.test(String(schedule.bymonthday))) {
    parts.push(`le ${Number(schedule.bymonthday) === 1 ? '1er' : schedule.bymonthday} du mois`)
  } else if (schedule.freq === 'WEEKLY') {
    parts.push(interval > 1 ? `toutes les ${interval} semaines` : 'chaque semaine')
  } else if (monthly) {
    parts.push(interval > 1 ? `tous les ${interval} mois` : 'chaque mois')
  }
  const time = hours(schedule)
  if (time) parts.push(time)
  if (parts.length > 0) return parts.join(' ')
  return schedule.description?.trim() || null
}

/** All schedules of a service, joined: « le lundi de 9 h à 12 h ; le jeudi de 14 h à 17 h ». */
export function schedulesInFrench(schedules: HsdsSchedule[]) {
  const texts = [...new Set(schedules.map(scheduleInFrench).filter((text): text is string => Boolean(text)))]
  return texts.length > 0 ? texts.join(' ; ') : null
}
