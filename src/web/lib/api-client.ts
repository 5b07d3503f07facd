import { ERROR_MESSAGES, type ErrorCode, type ProblemDetails } from '../../shared/errors.ts'

/** An API refusal, carrying the server's French message and per-field errors. */
export class ApiError extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail)
  }
  get code(): ErrorCode {
    return this.problem.code
  }
}

let csrfToken: string | undefined

/** Set from GET /api/auth/me: every write made with the session cookie must send it back. */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  /** Another session's token (the volunteer portal has its own); the staff one by default. */
  session?: { csrfToken: string | undefined },
): Promise<T> {
  const headers: Record<string, string> = {}
  const token = session ? session.csrfToken : csrfToken
  // A form with a file (an upload) goes as multipart: the browser writes its content type and boundary.
  const isForm = body instanceof FormData
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json'
  if (method !== 'GET' && token) headers['x-csrf-token'] = token
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    })
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Réseau',
      status: 0,
      code: 'INTERNAL_ERROR',
      detail: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
    })
  }
  if (response.status === 204 || response.status === 202) return undefined as T
  const data = await response.json().catch(() => undefined)
  if (!response.ok) {
    const problem = (data ?? {}) as Partial<ProblemDetails>
    const code = (problem.code ?? 'INTERNAL_ERROR') as ErrorCode
    throw new ApiError({
      type: problem.type ?? 'about:blank',
      title: problem.title ?? 'Erreur',
      status: response.status,
      code,
      detail: problem.detail ?? ERROR_MESSAGES[code] ?? ERROR_MESSAGES.INTERNAL_ERROR,
      errors: problem.errors,
    })
  }
  return data as T
}

export const get = <T>(url: string) => api<T>('GET', url)
export const post = <T>(url: string, body: unknown = {}) => api<T>('POST', url, body)
export const patch = <T>(url: string, body: unknown) => api<T>('PATCH', url, body)
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body)
