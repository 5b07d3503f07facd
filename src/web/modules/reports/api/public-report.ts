import { queryOptions, useMutation, useQuery } from '@tanstack/react-query'
import type { z } from 'zod'
import type { publicReportAnswerSchema, publicReportFormSchema } from '../../../../shared/reports.ts'
import { get, post } from '../../../lib/api-client.ts'
import type { ReportFieldValues } from '../ReportFields.tsx'

type PublicForm = z.infer<typeof publicReportFormSchema>
type PublicAnswer = z.infer<typeof publicReportAnswerSchema>
/** The public form's values: the fields of both kinds of report, consent and the hidden field. */
export type PublicReportValues = ReportFieldValues & { consent: boolean; website?: string }

/** The organisation the public form writes to: the one of the link, or the installation's only one. */
export const publicFormQuery = (organisationId: string | undefined) =>
  queryOptions({
    queryKey: ['reports', 'public-form', organisationId ?? ''],
    queryFn: () =>
      get<PublicForm>(
        `/api/public/reports/form${organisationId ? `?organisation=${encodeURIComponent(organisationId)}` : ''}`,
      ),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  })

export const usePublicForm = (organisationId: string | undefined) => useQuery(publicFormQuery(organisationId))

export function useSubmitPublicReport() {
  return useMutation({
    mutationFn: ({ organisationId, ...input }: PublicReportValues & { organisationId: string }) =>
      post<PublicAnswer>(`/api/public/reports/${organisationId}`, input),
  })
}
