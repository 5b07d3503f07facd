import { queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import type {
  roleGrantListSchema,
  siteListSchema,
  teamListSchema,
  userListSchema,
} from '../../../shared/organisation.ts'
import { get } from '../../lib/api-client.ts'

export const usersQuery = queryOptions({
  queryKey: ['admin', 'users'],
  queryFn: () => get<z.infer<typeof userListSchema>>('/api/users'),
})
export const teamsQuery = queryOptions({
  queryKey: ['admin', 'teams'],
  queryFn: () => get<z.infer<typeof teamListSchema>>('/api/teams'),
})
export const sitesQuery = queryOptions({
  queryKey: ['admin', 'sites'],
  queryFn: () => get<z.infer<typeof siteListSchema>>('/api/sites'),
})
export const roleGrantsQuery = queryOptions({
  queryKey: ['admin', 'role-grants'],
  queryFn: () => get<z.infer<typeof roleGrantListSchema>>('/api/role-grants'),
})
