import { useState } from 'react'
import type { z } from 'zod'
import { ApiError } from './api-client.ts'

type Issue = { path: string; message: string }

/**
 * The state of a small form: the page alert, the per-field French messages (keyed by the API's paths,
 * whether they come from the shared Zod schema in the browser or from the server) and the success line.
 */
export function useFormErrors() {
  const [error, setError] = useState<string>()
  const [fields, setFields] = useState<Record<string, string>>({})
  const [done, setDone] = useState<string>()

  const clear = () => {
    setError(undefined)
    setFields({})
    setDone(undefined)
  }
  const show = (message: string, issues: Issue[] = []) => {
    // The first message of a field is the one to read.
    const byPath: Record<string, string> = {}
    for (const issue of issues) byPath[issue.path] ??= issue.message
    setFields(byPath)
    setError(message)
  }
  const fail = (caught: unknown) => {
    if (caught instanceof ApiError) show(caught.problem.detail, caught.problem.errors)
    else show('Une erreur inattendue est survenue. Réessayez.')
  }
  /** Runs a change; on success shows `success`, on refusal puts the messages where they belong. */
  const run = async <T>(work: () => Promise<T>, success?: string): Promise<T | undefined> => {
    clear()
    try {
      const result = await work()
      if (success) setDone(success)
      return result
    } catch (caught) {
      fail(caught)
      return undefined
    }
  }
  /** Checks a payload with the shared schema before sending it; shows the French messages if it fails. */
  const check = <S extends z.ZodType>(schema: S, payload: unknown): z.output<S> | undefined => {
    clear()
    const parsed = schema.safeParse(payload)
    if (parsed.success) return parsed.data
    show(
      'Certains champs sont à corriger : voir les messages sous les champs.',
      zodIssues(parsed.error.issues),
    )
    return undefined
  }
  const state = (path: string) =>
    fields[path] ? { state: 'error' as const, stateRelatedMessage: fields[path] } : {}
  return { error, done, fields, clear, show, fail, run, check, state, setDone }
}

/** Zod issues (from `safeParse` of a shared schema) as the API would name them. */
export const zodIssues = (issues: { path: PropertyKey[]; message: string }[]): Issue[] =>
  issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
