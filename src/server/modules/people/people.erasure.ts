import { clearingEraser } from '../../platform/retention.ts'

/**
 * The person's file once its retention is over: who they are and how to reach them go; what feeds
 * counts (sex, age group kept as an approximate age, situation, resources, tags, team) stays.
 */
export const peopleEraser = clearingEraser('people', [
  {
    table: 'people',
    person: 'id',
    set: {
      last_name: null,
      usage_name: null,
      first_names: null,
      aliases: '{}',
      birth_date: null,
      birth_place: null,
      description: null,
      phone: null,
      email: null,
      address: null,
      caf_number: null,
      social_security_number: null,
      legal_representative: null,
      relatives: '[]',
    },
  },
  { table: 'person_consents', set: { note: null } },
])
