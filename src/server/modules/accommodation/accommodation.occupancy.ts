import { type Kysely, sql } from 'kysely'
import type { PlaceState, StructureKind } from '../../../shared/accommodation.ts'
import type { Database } from '../../db/schema.ts'

// THE one place of accommodation's occupancy arithmetic: the board, the SIAO's list of free places
// and the statistics all read it from here, so a night is counted one way only.
//
// Days and nights: a night is counted on the day it starts. A stay (or a stay's place row) occupies the
// nights d with from_on <= d < to_on (to_on = day of departure, open while null). A closure puts a place
// out of service from starts_on to ends_on INCLUDED (open-ended while null). A structure offers nights
// from opened_on to the day before closed_on. A place is reserved while a validated admission request
// holds it (until the person is admitted). A place's state on a day, by precedence: occupied (someone
// sleeps there), out of service, reserved, free. Only active places are offered.
// Overlapping closures of one place are refused when written, so closure nights add up without merging.

type Db = Kysely<Database>

export interface PlaceStateRow {
  placeId: string
  placeLabel: string
  unitId: string
  unitLabel: string
  structureId: string
  state: PlaceState
  /** Occupied: the stay and its person (the caller decides who may see the name). */
  stayId: string | null
  personId: string | null
  stayStartedOn: string | null
  plannedEndOn: string | null
  /** Out of service: why and until when (null: open-ended or the structure is closed). */
  closureReason: string | null
  closureEndsOn: string | null
  /** Reserved: the validated request holding the place, its person and expected arrival. */
  reservationRequestId: string | null
  reservedPersonId: string | null
  expectedArrivalOn: string | null
}

interface PlaceStateSqlRow {
  place_id: string
  place_label: string
  unit_id: string
  unit_label: string
  structure_id: string
  structure_open: boolean
  stay_id: string | null
  person_id: string | null
  stay_started_on: string | null
  planned_end_on: string | null
  closure_reason: string | null
  closure_ends_on: string | null
  reservation_request_id: string | null
  reserved_person_id: string | null
  expected_arrival_on: string | null
}

function placeStatesQuery(organisationId: string, day: string, structureIds: readonly string[] | null) {
  const structureFilter =
    structureIds === null ? sql`` : sql`and pl.structure_id = any(${sql.val([...structureIds])}::uuid[])`
  return sql<PlaceStateSqlRow>`
    select pl.id as place_id, pl.label as place_label, u.id as unit_id, u.label as unit_label,
      pl.structure_id,
      (st.opened_on <= ${day}::date and (st.closed_on is null or st.closed_on > ${day}::date)) as structure_open,
      occ.stay_id, occ.person_id, occ.stay_started_on::text, occ.planned_end_on::text,
      clo.reason as closure_reason, clo.ends_on::text as closure_ends_on,
      res.request_id as reservation_request_id, res.person_id as reserved_person_id,
      res.expected_arrival_on::text
    from accommodation_places pl
    join accommodation_units u on u.id = pl.unit_id
    join accommodation_structures st on st.id = pl.structure_id
    left join lateral (
      select s.id as stay_id, s.person_id, s.started_on as stay_started_on, s.planned_end_on
      from accommodation_stay_places sp
      join accommodation_stays s on s.id = sp.stay_id
      where sp.place_id = pl.id and sp.from_on <= ${day}::date and (sp.to_on is null or sp.to_on > ${day}::date)
      order by sp.from_on desc
      limit 1
    ) occ on true
    left join lateral (
      select c.reason, c.ends_on
      from accommodation_place_closures c
      where c.place_id = pl.id and c.starts_on <= ${day}::date and (c.ends_on is null or c.ends_on >= ${day}::date)
      order by c.starts_on desc
      limit 1
    ) clo on true
    left join lateral (
      select r.id as request_id, r.person_id, r.expected_arrival_on
      from accommodation_requests r
      where r.structure_id = pl.structure_id and r.status = 'validated' and r.reserved_place_id = pl.id
      order by r.validated_at nulls last
      limit 1
    ) res on true
    where pl.organisation_id = ${organisationId} and pl.active and u.active ${structureFilter}
    order by st.name, pl.structure_id, u.label, pl.label`
}

function stateOf(row: PlaceStateSqlRow): PlaceState {
  if (row.stay_id) return 'occupied'
  if (row.closure_reason !== null || !row.structure_open) return 'out_of_service'
  if (row.reservation_request_id) return 'reserved'
  return 'free'
}

/** Every active place (of the given structures, or all) with its state on a day. */
export async function placeStatesOn(
  db: Db,
  organisationId: string,
  day: string,
  structureIds: readonly string[] | null = null,
): Promise<PlaceStateRow[]> {
  const { rows } = await placeStatesQuery(organisationId, day, structureIds).execute(db)
  return rows.map((row) => {
    const state = stateOf(row)
    return {
      placeId: row.place_id,
      placeLabel: row.place_label,
      unitId: row.unit_id,
      unitLabel: row.unit_label,
      structureId: row.structure_id,
      state,
      stayId: state === 'occupied' ? row.stay_id : null,
      personId: state === 'occupied' ? row.person_id : null,
      stayStartedOn: state === 'occupied' ? row.stay_started_on : null,
      plannedEndOn: state === 'occupied' ? row.planned_end_on : null,
      closureReason: state === 'out_of_service' ? (row.closure_reason ?? null) : null,
      closureEndsOn: state === 'out_of_service' ? row.closure_ends_on : null,
      reservationRequestId: state === 'reserved' ? row.reservation_request_id : null,
      reservedPersonId: state === 'reserved' ? row.reserved_person_id : null,
      expectedArrivalOn: state === 'reserved' ? row.expected_arrival_on : null,
    }
  })
}

export type NightCount = Record<PlaceState, number> & { places: number }

/** The night's count of each structure: how many places are occupied, free, reserved, out of service. */
export function nightCounts(states: readonly PlaceStateRow[]): Map<string, NightCount> {
  const counts = new Map<string, NightCount>()
  for (const place of states) {
    let count = counts.get(place.structureId)
    if (!count) {
      count = { places: 0, free: 0, occupied: 0, reserved: 0, out_of_service: 0 }
      counts.set(place.structureId, count)
    }
    count.places += 1
    count[place.state] += 1
  }
  return counts
}

export interface StructureOccupancy {
  structureId: string
  kind: StructureKind
  name: string
  /** Active places today (the ones the period's nights are offered on). */
  places: number
  /** Places × nights the structure was open in the period, before closures. */
  placeNights: number
  outOfServiceNights: number
  /** placeNights − outOfServiceNights: the nights that could be offered. */
  availableNights: number
  occupiedNights: number
  /** occupiedNights / availableNights, null when nothing was available. */
  rate: number | null
}

interface OccupancySqlRow {
  structure_id: string
  kind: StructureKind
  name: string
  places: string | number | bigint
  place_nights: string | number | bigint
  out_of_service_nights: string | number | bigint
  occupied_nights: string | number | bigint
}

/**
 * Nights occupied and available per structure over the days `from`..`to` (both included), with the
 * occupancy rate. Filter by structures or kinds (null: all of the organisation).
 */
export function occupancyQuery(
  organisationId: string,
  period: { from: string; to: string },
  filter: { structureIds?: readonly string[] | null; kinds?: readonly StructureKind[] | null } = {},
) {
  const structureFilter = filter.structureIds
    ? sql`and s.id = any(${sql.val([...filter.structureIds])}::uuid[])`
    : sql``
  const kindFilter = filter.kinds ? sql`and s.kind = any(${sql.val([...filter.kinds])}::text[])` : sql``
  return sql<OccupancySqlRow>`
    with open_window as (
      select s.id, s.kind, s.name,
        greatest(s.opened_on, ${period.from}::date) as open_from,
        least(coalesce(s.closed_on, ${period.to}::date + 1), ${period.to}::date + 1) as open_until
      from accommodation_structures s
      where s.organisation_id = ${organisationId} ${structureFilter} ${kindFilter}
    ),
    offered as (
      select pl.id as place_id, w.id as structure_id, w.open_from, w.open_until
      from accommodation_places pl
      join accommodation_units u on u.id = pl.unit_id
      join open_window w on w.id = pl.structure_id
      where pl.active and u.active
    ),
    place_totals as (
      select o.structure_id, count(*) as places,
        sum(greatest(0, o.open_until - o.open_from)) as place_nights
      from offered o
      group by o.structure_id
    ),
    closure_totals as (
      select o.structure_id,
        sum(greatest(0, least(coalesce(c.ends_on + 1, o.open_until), o.open_until) - greatest(c.starts_on, o.open_from)))
          as out_of_service_nights
      from accommodation_place_closures c
      join offered o on o.place_id = c.place_id
      where c.starts_on < o.open_until and (c.ends_on is null or c.ends_on >= o.open_from)
      group by o.structure_id
    ),
    occupied_totals as (
      select w.id as structure_id,
        sum(greatest(0, least(coalesce(sp.to_on, w.open_until), w.open_until) - greatest(sp.from_on, w.open_from)))
          as occupied_nights
      from accommodation_stay_places sp
      join accommodation_places pl on pl.id = sp.place_id
      join open_window w on w.id = pl.structure_id
      -- the period's nights through the GiST index accommodation_stay_places_period (its very expression),
      -- then each structure's own open window
      where daterange(sp.from_on, sp.to_on) && daterange(${period.from}::date, ${period.to}::date + 1)
        and sp.from_on < w.open_until and (sp.to_on is null or sp.to_on > w.open_from)
      group by w.id
    )
    select w.id as structure_id, w.kind, w.name,
      coalesce(pt.places, 0) as places,
      coalesce(pt.place_nights, 0) as place_nights,
      coalesce(ct.out_of_service_nights, 0) as out_of_service_nights,
      coalesce(ot.occupied_nights, 0) as occupied_nights
    from open_window w
    left join place_totals pt on pt.structure_id = w.id
    left join closure_totals ct on ct.structure_id = w.id
    left join occupied_totals ot on ot.structure_id = w.id
    order by w.name`
}

/** occupied / available, rounded to 4 decimals (0.8333 = 83,33 %); null when nothing was available. */
export function occupancyRate(occupiedNights: number, availableNights: number): number | null {
  if (availableNights <= 0) return null
  return Math.round((occupiedNights / availableNights) * 10_000) / 10_000
}

export async function occupancyOverPeriod(
  db: Db,
  organisationId: string,
  period: { from: string; to: string },
  filter: { structureIds?: readonly string[] | null; kinds?: readonly StructureKind[] | null } = {},
): Promise<StructureOccupancy[]> {
  const { rows } = await occupancyQuery(organisationId, period, filter).execute(db)
  return rows.map((row) => {
    const placeNights = Number(row.place_nights)
    const outOfServiceNights = Number(row.out_of_service_nights)
    const availableNights = placeNights - outOfServiceNights
    const occupiedNights = Number(row.occupied_nights)
    return {
      structureId: row.structure_id,
      kind: row.kind,
      name: row.name,
      places: Number(row.places),
      placeNights,
      outOfServiceNights,
      availableNights,
      occupiedNights,
      rate: occupancyRate(occupiedNights, availableNights),
    }
  })
}

/** The totals of several structures (a kind, the whole organisation), with their own rate. */
export function totalOccupancy(rows: readonly StructureOccupancy[]) {
  const total = { places: 0, placeNights: 0, outOfServiceNights: 0, availableNights: 0, occupiedNights: 0 }
  for (const row of rows) {
    total.places += row.places
    total.placeNights += row.placeNights
    total.outOfServiceNights += row.outOfServiceNights
    total.availableNights += row.availableNights
    total.occupiedNights += row.occupiedNights
  }
  return { ...total, rate: occupancyRate(total.occupiedNights, total.availableNights) }
}
