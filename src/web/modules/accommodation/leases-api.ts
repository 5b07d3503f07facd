import { queryOptions } from '@tanstack/react-query'
import type { Lease, LeaseDetail } from '../../../shared/accommodation-leases.ts'
import { get } from '../../lib/api-client.ts'

export interface Dwelling {
  unitId: string
  unitLabel: string
  structureId: string
  structureName: string
  structureKind: string
}
export interface StructureArrears {
  structureId: string
  structureName: string
  subleases: number
  inArrears: number
  dueCents: number
  paidCents: number
  arrearsCents: number
}

export const leasesQuery = () =>
  queryOptions({
    queryKey: ['accommodation-leases'],
    queryFn: () =>
      get<{ items: Lease[]; total: number; page: number; pageSize: number }>(
        '/api/accommodation-leases?pageSize=200',
      ),
  })
export const leaseQuery = (id: string) =>
  queryOptions({
    queryKey: ['accommodation-leases', id],
    queryFn: () => get<LeaseDetail>(`/api/accommodation-leases/${id}`),
  })
export const dwellingsQuery = () =>
  queryOptions({
    queryKey: ['accommodation-leases', 'dwellings'],
    queryFn: () => get<{ items: Dwelling[] }>('/api/accommodation-leases/dwellings'),
  })
export const arrearsQuery = () =>
  queryOptions({
    queryKey: ['accommodation-leases', 'arrears'],
    queryFn: () => get<{ items: StructureArrears[] }>('/api/accommodation-leases/arrears'),
  })
