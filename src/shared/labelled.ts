import { z } from 'zod'

/** Builds an enum schema and keeps its French labels next to it. */
export function labelled<const T extends Record<string, string>>(labels: T) {
  const values = Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]]
  return { labels, values, schema: z.enum(values, { error: 'Choisissez une valeur de la liste.' }) }
}
