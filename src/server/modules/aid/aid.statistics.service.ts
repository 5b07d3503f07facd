import ExcelJS from 'exceljs'
import type { AidStatistics, AidStatisticsLine } from '../../../shared/aid.statistics.ts'
import { AID_REFUSAL_MOTIF } from '../../../shared/aid.ts'
import { roleAllows } from '../../../shared/permissions.ts'
import { formatEuros } from '../../../shared/pricing.ts'
import type { Db } from '../../db/database.ts'
import { recordAudit } from '../../platform/audit.ts'
import { toCsv } from '../../platform/csv.ts'
import { forbidden } from '../../platform/errors.ts'
import type { Actor } from '../../platform/permissions.ts'
import type { AidStatisticsRepository } from './aid.statistics.repository.ts'

type RequestRow = Awaited<ReturnType<AidStatisticsRepository['requests']>>[number]

const NO_TEAM = 'Sans équipe'
const frenchDay = (iso: string) => iso.split('-').reverse().join('/')

/** The value below which `share` of the sorted values fall (nearest rank): p90 of 10 days is the 9th. */
function percentile(sorted: number[], share: number) {
  if (sorted.length === 0) return null
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!
}
function median(sorted: number[]) {
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)

/**
 * Aid statistics over a period: requests, decisions and amounts per aid, fund, team and month;
 * households helped; refusals by motif; days from request to decision; the FLAJ report. Counts and
 * amounts only, never a name: the indicators' readers, the commission's secretary and the payers.
 */
export class AidStatisticsService {
  constructor(private readonly repo: AidStatisticsRepository) {}

  private get db(): Db {
    return this.repo.db
  }

  assertMayRead(actor: Actor) {
    if (
      !roleAllows(actor.roles, 'indicators.read') &&
      !roleAllows(actor.roles, 'aid.sessions') &&
      !roleAllows(actor.roles, 'aid.pay')
    )
      throw forbidden()
  }

  async statistics(
    actor: Actor,
    period: { from: string; to: string },
    format = 'json',
  ): Promise<AidStatistics> {
    this.assertMayRead(actor)
    const { from, to } = period
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.repo.requests(actor.organisationId, from, to, trx)
      const adjourned = await this.repo.adjournments(actor.organisationId, from, to, trx)
      const flajFund = await this.repo.flajFund(actor.organisationId, trx)
      await recordAudit(trx, actor, {
        action: format === 'json' ? 'aid_statistics.read' : 'aid_statistics.export',
        entityType: 'aid_statistics',
        details: { from, to, format },
      })
      const inPeriod = (day: string | null) => day !== null && day >= from && day <= to
      const filed = rows.filter((r) => inPeriod(r.requested_on))
      const decided = rows.filter((r) => inPeriod(r.decided_on))
      const granted = decided.filter((r) => r.status === 'granted')
      const refused = decided.filter((r) => r.status === 'refused')
      const sum = (list: RequestRow[], pick: (r: RequestRow) => number | null) =>
        list.reduce((total, r) => total + (pick(r) ?? 0), 0)

      /** The breakdown by `keyOf`: requests by the day they were filed, decisions by their day. */
      const breakdown = (keyOf: (r: RequestRow) => string, labelOf: (r: RequestRow) => string) => {
        const lines = new Map<string, AidStatisticsLine>()
        const line = (r: RequestRow) => {
          const key = keyOf(r)
          if (!lines.has(key))
            lines.set(key, {
              key,
              label: labelOf(r),
              requests: 0,
              granted: 0,
              refused: 0,
              grantedCents: 0,
              paidCents: 0,
            })
          return lines.get(key)!
        }
        for (const r of filed) line(r).requests++
        for (const r of granted) {
          const l = line(r)
          l.granted++
          l.grantedCents += r.granted_cents ?? 0
          l.paidCents += r.paid_cents
        }
        for (const r of refused) line(r).refused++
        return [...lines.values()]
      }
      const byLabel = (a: AidStatisticsLine, b: AidStatisticsLine) => a.label.localeCompare(b.label, 'fr')
      // Months: a request counts in its filing month, its decision in the decision's month.
      const months = new Map<string, AidStatisticsLine>()
      const month = (key: string) => {
        if (!months.has(key))
          months.set(key, {
            key,
            label: key,
            requests: 0,
            granted: 0,
            refused: 0,
            grantedCents: 0,
            paidCents: 0,
          })
        return months.get(key)!
      }
      for (const r of filed) month(r.requested_on.slice(0, 7)).requests++
      for (const r of granted) {
        const l = month(r.decided_on!.slice(0, 7))
        l.granted++
        l.grantedCents += r.granted_cents ?? 0
        l.paidCents += r.paid_cents
      }
      for (const r of refused) month(r.decided_on!.slice(0, 7)).refused++

      const motifs = new Map<string, number>()
      for (const r of refused)
        motifs.set(r.refusal_motif ?? 'other', (motifs.get(r.refusal_motif ?? 'other') ?? 0) + 1)
      const waits = decided
        .filter((r) => r.status === 'granted' || r.status === 'refused' || r.status === 'dismissed')
        .map((r) => daysBetween(r.requested_on, r.decided_on!))
        .sort((a, b) => a - b)

      const flajGrants = flajFund ? granted.filter((r) => r.fund_id === flajFund.id) : []
      const purposes = new Map<
        string,
        { label: string; youths: Set<string>; grants: number; cents: number }
      >()
      for (const r of flajGrants) {
        const p = purposes.get(r.aid_type_id) ?? {
          label: r.aid_label,
          youths: new Set(),
          grants: 0,
          cents: 0,
        }
        p.youths.add(r.person_id)
        p.grants++
        p.cents += r.granted_cents ?? 0
        purposes.set(r.aid_type_id, p)
      }

      return {
        from,
        to,
        totals: {
          requests: filed.length,
          granted: granted.length,
          refused: refused.length,
          adjourned,
          dismissed: decided.filter((r) => r.status === 'dismissed').length,
          withdrawn: filed.filter((r) => r.status === 'withdrawn').length,
          grantedCents: sum(granted, (r) => r.granted_cents),
          paidCents: sum(granted, (r) => r.paid_cents),
          householdsHelped: new Set(granted.map((r) => r.household_id ?? `person:${r.person_id}`)).size,
        },
        byAid: breakdown(
          (r) => r.aid_type_id,
          (r) => r.aid_label,
        ).sort(byLabel),
        byFund: breakdown(
          (r) => r.fund_id,
          (r) => r.fund_name,
        ).sort(byLabel),
        byTeam: breakdown(
          (r) => r.team_id ?? 'none',
          (r) => r.team_name ?? NO_TEAM,
        ).sort(byLabel),
        byMonth: [...months.values()].sort((a, b) => a.key.localeCompare(b.key)),
        refusalsByMotif: AID_REFUSAL_MOTIF.values.map((key) => ({
          key,
          label: AID_REFUSAL_MOTIF.labels[key],
          count: motifs.get(key) ?? 0,
        })),
        daysToDecision: { decided: waits.length, median: median(waits), p90: percentile(waits, 0.9) },
        flaj: flajFund
          ? {
              fund: flajFund.name,
              youthsHelped: new Set(flajGrants.map((r) => r.person_id)).size,
              grants: flajGrants.length,
              grantedCents: sum(flajGrants, (r) => r.granted_cents),
              paidCents: sum(flajGrants, (r) => r.paid_cents),
              byPurpose: [...purposes]
                .map(([key, p]) => ({
                  key,
                  label: p.label,
                  youths: p.youths.size,
                  grants: p.grants,
                  grantedCents: p.cents,
                }))
                .sort((a, b) => a.label.localeCompare(b.label, 'fr')),
            }
          : null,
      }
    })
  }

  /** The statistics as the lines of one table: section, line, then the figures (amounts in euros). */
  private table(s: AidStatistics, euros: (cents: number) => string | number) {
    const header = ['Rubrique', 'Ligne', 'Demandes', 'Accords', 'Refus', 'Montant accordé', 'Montant versé']
    const rows: (string | number)[][] = [
      [
        'Total',
        `Du ${frenchDay(s.from)} au ${frenchDay(s.to)}`,
        s.totals.requests,
        s.totals.granted,
        s.totals.refused,
        euros(s.totals.grantedCents),
        euros(s.totals.paidCents),
      ],
    ]
    const section = (name: string, lines: AidStatisticsLine[]) => {
      for (const l of lines)
        rows.push([
          name,
          l.label,
          l.requests,
          l.granted,
          l.refused,
          euros(l.grantedCents),
          euros(l.paidCents),
        ])
    }
    section('Par aide', s.byAid)
    section('Par fonds', s.byFund)
    section('Par équipe', s.byTeam)
    section('Par mois', s.byMonth)
    const one = (name: string, label: string, value: string | number) =>
      rows.push([name, label, value, '', '', '', ''])
    one('Décisions', 'Ajournements', s.totals.adjourned)
    one('Décisions', 'Classements sans suite', s.totals.dismissed)
    one('Décisions', 'Demandes retirées', s.totals.withdrawn)
    one('Foyers aidés', 'Foyers ayant reçu au moins une aide', s.totals.householdsHelped)
    for (const m of s.refusalsByMotif) one('Refus par motif', m.label, m.count)
    one('Délai de décision (jours)', 'Décisions', s.daysToDecision.decided)
    one('Délai de décision (jours)', 'Médiane', s.daysToDecision.median ?? '')
    one('Délai de décision (jours)', '90e centile', s.daysToDecision.p90 ?? '')
    if (s.flaj) {
      rows.push([
        'FLAJ',
        'Jeunes aidés',
        s.flaj.youthsHelped,
        s.flaj.grants,
        '',
        euros(s.flaj.grantedCents),
        euros(s.flaj.paidCents),
      ])
      for (const p of s.flaj.byPurpose)
        rows.push(['FLAJ par objet', p.label, p.youths, p.grants, '', euros(p.grantedCents), ''])
    }
    return { header, rows }
  }

  async csv(actor: Actor, period: { from: string; to: string }) {
    const { header, rows } = this.table(await this.statistics(actor, period, 'csv'), formatEuros)
    return toCsv(rows, { columns: header, delimiter: ';' })
  }

  async xlsx(actor: Actor, period: { from: string; to: string }) {
    const { header, rows } = this.table(await this.statistics(actor, period, 'xlsx'), (cents) => cents / 100)
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Aides facultatives')
    sheet.columns = header.map((h, i) => ({ header: h, width: i === 1 ? 44 : i === 0 ? 26 : 16 }))
    sheet.getRow(1).font = { bold: true }
    // Amounts stay numbers a spreadsheet sums, shown in euros.
    for (const column of [6, 7]) sheet.getColumn(column).numFmt = '#,##0.00 "€"'
    for (const row of rows) sheet.addRow(row)
    return Buffer.from(await workbook.xlsx.writeBuffer())
  }
}
