/** A bordered block for one volunteer, need or report (DSFR cards stretch to their grid cell). */
export const CARD = { border: '1px solid var(--border-default-grey)' } as const
export const HIGHLIGHTED_CARD = {
  ...CARD,
  outline: '2px solid var(--border-action-high-blue-france)',
} as const
