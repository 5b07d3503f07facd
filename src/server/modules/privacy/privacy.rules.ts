import {
  RETENTION_KINDS,
  RETENTION_RULES,
  type RetentionKind,
  type RetentionRule,
} from '../../../shared/privacy.ts'

/** The organisation's periods: its own where it set one, the référentiel's otherwise. */
export function effectiveRules(saved: { kind: string; active_months: number; archive_months: number }[]) {
  const rules = new Map<RetentionKind, { activeMonths: number; archiveMonths: number }>()
  for (const kind of RETENTION_KINDS) {
    const own = saved.find((row) => row.kind === kind)
    const definition = RETENTION_RULES[kind]
    rules.set(kind, {
      activeMonths: own?.active_months ?? definition.active.default,
      archiveMonths: own?.archive_months ?? definition.archive.default,
    })
  }
  return rules
}

export function toRetentionRules(saved: Parameters<typeof effectiveRules>[0]): RetentionRule[] {
  return [...effectiveRules(saved)].map(([kind, months]) => {
    const definition = RETENTION_RULES[kind]
    return {
      kind,
      label: definition.label,
      startsAt: definition.startsAt,
      activeMonths: months.activeMonths,
      archiveMonths: months.archiveMonths,
      bounds: { active: definition.active, archive: definition.archive },
      end: definition.end,
      basis: definition.basis,
      appliedBy: definition.appliedBy,
    }
  })
}
