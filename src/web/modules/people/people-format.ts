import { useEffect, useState } from 'react'

/** How the people pages write dates, ages, amounts and enum values, in French. */

import { formatDate } from '../../lib/dates.ts'

export { formatDate, formatDateTime, formatTime } from '../../lib/dates.ts'

/** "12/03/1987 (37 ans)", or "environ 25 ans" for people who gave no birth date. */
export function formatBirth(birthDate: string | null, approximateAge: number | null) {
  if (birthDate) {
    const age = ageOn(birthDate, new Date())
    return `${formatDate(birthDate)} (${age} an${age > 1 ? 's' : ''})`
  }
  if (approximateAge !== null) return `environ ${approximateAge} an${approximateAge > 1 ? 's' : ''}`
  return '—'
}

function ageOn(birthDate: string, today: Date) {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number]
  let age = today.getFullYear() - year
  if (today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day)) age -= 1
  return age
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
export const formatCents = (cents: number) => euros.format(cents / 100)

/** "1 234,56", "1234.5", "850" → cents; undefined when it is not an amount. */
export function parseEurosToCents(text: string): number | undefined {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined
  return Math.round(Number(cleaned) * 100)
}

/** Cents → what the agent would type ("1234,56"). */
export const centsToInput = (cents: number) =>
  cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2).replace('.', ',')

export function labelOf(labels: Record<string, string>, value: string | null | undefined) {
  if (!value) return '—'
  return labels[value] ?? value
}

/** "a, b ,, c" → ["a", "b", "c"] */
export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return debounced
}

/** Day key (local) of an ISO timestamp, and its French heading ("lundi 3 février 2025"). */
export const dayKey = (iso: string) => {
  const d = new Date(iso)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
export function dayHeading(key: string) {
  const today = dayKey(new Date().toISOString())
  const yesterday = dayKey(new Date(Date.now() - 86_400_000).toISOString())
  if (key === today) return "Aujourd'hui"
  if (key === yesterday) return 'Hier'
  const text = new Date(`${key}T00:00:00`).toLocaleDateString('fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export const todayIso = () => dayKey(new Date().toISOString())
