import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { AidFundConsumption } from '../../../shared/aid.funds.ts'
import type { AidPayableRequest, AidPayment } from '../../../shared/aid.payments.ts'
import type { showerDaySchema, showerMonthSchema } from '../../../shared/aid.showers.ts'
import type { Voucher, VoucherKind } from '../../../shared/aid.vouchers.ts'
import { api, get } from '../../lib/api-client.ts'

// Aid's money in the browser: funds and budgets, payments of a request, vouchers, the showers.

type Page<T> = { items: T[]; total: number; page: number; pageSize: number }

export const aidMoneyKeys = {
  funds: (year: number) => ['aid-funds', year] as const,
  allFunds: ['aid-funds'] as const,
  payments: (requestId: string) => ['aid-payments', requestId] as const,
  kinds: ['aid-voucher-kinds'] as const,
  personVouchers: (personId: string) => ['aid-vouchers', personId] as const,
  showers: (month: string) => ['aid-shower-days', month] as const,
}

export const useAidFunds = (year: number) =>
  useQuery({
    queryKey: aidMoneyKeys.funds(year),
    queryFn: () => get<Page<AidFundConsumption>>(`/api/aid-funds?year=${year}&pageSize=200`),
    placeholderData: keepPreviousData,
  })

/** A change to funds or budgets: every year's figures are read again. */
export function useFundsChange<I>(send: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aidMoneyKeys.allFunds }),
  })
}

export const useAidPayments = (requestId: string) =>
  useQuery({
    queryKey: aidMoneyKeys.payments(requestId),
    queryFn: () =>
      get<Page<AidPayment> & { request: AidPayableRequest }>(
        `/api/aid-payments?requestId=${requestId}&pageSize=200`,
      ),
  })

/** Paying or cancelling: the request's payments and the funds' consumption move. */
export function usePaymentChange<I>(requestId: string, send: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: aidMoneyKeys.payments(requestId) })
      await queryClient.invalidateQueries({ queryKey: aidMoneyKeys.allFunds })
    },
  })
}

export const useVoucherKinds = () =>
  useQuery({
    queryKey: aidMoneyKeys.kinds,
    queryFn: () => get<Page<VoucherKind>>('/api/aid-vouchers/kinds?pageSize=200'),
  })

export const usePersonVouchers = (personId: string | undefined) =>
  useQuery({
    queryKey: aidMoneyKeys.personVouchers(personId ?? ''),
    queryFn: () => get<Page<Voucher>>(`/api/aid-vouchers?personId=${personId}&pageSize=200`),
    enabled: Boolean(personId),
  })

/** Receiving, handing out, taking back or cancelling vouchers: stock and people's vouchers move. */
export function useVoucherChange<I>(send: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: aidMoneyKeys.kinds })
      await queryClient.invalidateQueries({ queryKey: ['aid-vouchers'] })
      await queryClient.invalidateQueries({ queryKey: ['aid-payments'] })
    },
  })
}

/** A person's granted requests (the requests' API), for vouchers handed out as their payment. */
export const useGrantedRequests = (personId: string) =>
  useQuery({
    queryKey: ['aid-requests', 'granted', personId],
    queryFn: () =>
      get<Page<{ id: string; aidTypeLabel: string; grantedCents: number | null }>>(
        `/api/aid-requests?personId=${personId}&status=granted&pageSize=50`,
      ),
  })

export const useShowerMonth = (month: string) =>
  useQuery({
    queryKey: aidMoneyKeys.showers(month),
    queryFn: () => get<z.infer<typeof showerMonthSchema>>(`/api/aid-shower-days?month=${month}`),
    placeholderData: keepPreviousData,
  })

export function useRecordShowerDay() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: object) => api<z.infer<typeof showerDaySchema>>('PUT', '/api/aid-shower-days', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['aid-shower-days'] }),
  })
}

export { api }
