import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  bulkRadiationSchema,
  candidatesSchema,
  DecisionInput,
  Domiciliation,
  DomiciliationDocument,
  domiciliationListSchema,
  InstructionInput,
  settingsInputSchema,
  settingsSchema,
} from '../../../shared/domiciliation-workflow.ts'
import { api, get } from '../../lib/api-client.ts'

export type DomiciliationList = z.infer<typeof domiciliationListSchema>
export type Candidates = z.infer<typeof candidatesSchema>
export type DomiciliationSettings = z.infer<typeof settingsSchema>

export const domiciliationKeys = {
  all: ['domiciliations'] as const,
  ofPerson: (personId: string) => ['domiciliations', 'person', personId] as const,
  candidates: (reason: string, page: number) => ['domiciliations', 'candidates', reason, page] as const,
  settings: ['domiciliations', 'settings'] as const,
}
/** The person's timeline shows the periods: its key, as the people module names it (by value, not import). */
const personTimelineKey = (personId: string) => ['people', 'timeline', personId]

export const usePersonDomiciliations = (personId: string) =>
  useQuery({
    queryKey: domiciliationKeys.ofPerson(personId),
    queryFn: () => get<DomiciliationList>(`/api/domiciliations?personId=${personId}`),
  })

/** The person's documents (GED), to choose those seen during the instruction. */
export const usePersonDocumentChoices = (personId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['documents', 'person', personId, 'domiciliation'],
    queryFn: () =>
      get<{ items: { id: string; typeLabel: string; fileName: string }[] }>(
        `/api/documents?personId=${personId}&pageSize=200`,
      ),
    enabled,
  })

/** Every change of a period answers the period: the person's list and timeline are read again. */
function usePeriodMutation<Input>(call: (input: Input) => Promise<Domiciliation>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: call,
    onSuccess: (period) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: domiciliationKeys.all }),
        queryClient.invalidateQueries({ queryKey: personTimelineKey(period.personId) }),
      ]),
  })
}

export const useOpenRequest = () =>
  usePeriodMutation((input: { personId: string; requestedOn: string }) =>
    api<Domiciliation>('POST', '/api/domiciliations', input),
  )
export const useSaveInstruction = () =>
  usePeriodMutation((input: { id: string; instruction: Partial<InstructionInput> }) =>
    api<Domiciliation>('PUT', `/api/domiciliations/${input.id}/instruction`, input.instruction),
  )
export const useSaveBeneficiaries = () =>
  usePeriodMutation((input: { id: string; personIds: string[] }) =>
    api<Domiciliation>('PUT', `/api/domiciliations/${input.id}/beneficiaries`, {
      personIds: input.personIds,
    }),
  )
export const useSubmitRequest = () =>
  usePeriodMutation((id: string) => api<Domiciliation>('POST', `/api/domiciliations/${id}/submit`, {}))
export const useDecide = () =>
  usePeriodMutation((input: { id: string; decision: DecisionInput }) =>
    api<Domiciliation>('POST', `/api/domiciliations/${input.id}/decisions`, input.decision),
  )
export const useUndoDecision = () =>
  usePeriodMutation((input: { id: string; decisionId: string; reason: string }) =>
    api<Domiciliation>('POST', `/api/domiciliations/${input.id}/decisions/${input.decisionId}/undo`, {
      reason: input.reason,
    }),
  )

/** A printable document: a plain link downloads it with the session cookie (the server says attachment). */
export const domiciliationDocumentUrl = (id: string, document: DomiciliationDocument) =>
  `/api/domiciliations/${id}/documents/${document}`

export const useRadiationCandidates = (reason: '' | 'no_contact' | 'ended', page: number) =>
  useQuery({
    queryKey: domiciliationKeys.candidates(reason, page),
    queryFn: () =>
      get<Candidates>(
        `/api/domiciliations/radiation-candidates?page=${page}&pageSize=50${reason ? `&reason=${reason}` : ''}`,
      ),
    placeholderData: keepPreviousData,
  })

export function useRadiateMany() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof bulkRadiationSchema>) =>
      api<{ radiated: number }>('POST', '/api/domiciliations/radiations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domiciliationKeys.all }),
  })
}

export const useDomiciliationSettings = () =>
  useQuery({
    queryKey: domiciliationKeys.settings,
    queryFn: () => get<DomiciliationSettings>('/api/domiciliation-settings'),
  })

export function useSaveDomiciliationSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof settingsInputSchema>) =>
      api<DomiciliationSettings>('PUT', '/api/domiciliation-settings', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domiciliationKeys.all }),
  })
}
