// Kept apart from the people schemas so the web app's first script shows a name without loading Zod.
export function personDisplayName(p: {
  lastName?: string | null
  usageName?: string | null
  firstNames?: string | null
  description?: string | null
  aliases?: string[]
}) {
  const last = p.usageName || p.lastName
  const name = [last?.toUpperCase(), p.firstNames].filter(Boolean).join(' ')
  if (name) return name
  if (p.aliases?.[0]) return `« ${p.aliases[0]} »`
  return p.description || 'Personne sans nom'
}
