import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
//
// One referral model: street outreach's family referrals join the follow-up's partner_referrals, with
// their ids, dates, authors, answers and notes. A family's referral goes on the file of the household's
// head (else its first member by birth date): the person the partner receives, shown to it only with
// that person's consent, as every referral. The family stays named by `outreach_family_id`.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table partner_referrals drop constraint if exists partner_referrals_origin_check`,
    `alter table partner_referrals
        add column outreach_family_id uuid,
        add constraint partner_referrals_origin_check check (origin in ('followup', 'front_desk', 'outreach')),
        add constraint partner_referrals_outreach_family check ((origin = 'outreach') = (outreach_family_id is not null)),
        add constraint partner_referrals_outreach_family_fk foreign key (organisation_id, outreach_family_id)
          references outreach_families(organisation_id, id)`,
    `create index partner_referrals_outreach_family on partner_referrals (outreach_family_id, referred_on)
        where outreach_family_id is not null`,
    // A family's referral with no member to carry it stops the migration rather than being lost.
    `do $$ begin
       if exists (select 1 from outreach_family_referrals r join outreach_families f on f.id = r.family_id
                   where not exists (select 1 from household_members m where m.household_id = f.household_id)) then
         raise exception 'A family referral belongs to a household without members: give the household a member first.';
       end if;
     end $$`,
    `insert into partner_referrals (id, organisation_id, person_id, partner_service_id, origin, outreach_family_id,
        referred_on, answer, answered_on, note, created_by, created_at, updated_at)
      select r.id, r.organisation_id,
        (select m.person_id from household_members m join people p on p.id = m.person_id
          where m.household_id = f.household_id
          order by (m.relationship = 'head') desc, m.disabled, p.merged_into_id is not null,
            p.birth_date nulls last, m.person_id
          limit 1),
        r.partner_service_id, 'outreach', r.family_id, r.referred_on, r.outcome, r.outcome_on, r.note,
        r.created_by, r.created_at, r.updated_at
      from outreach_family_referrals r join outreach_families f on f.id = r.family_id`,
    `drop table outreach_family_referrals`,
    // A professional's worklist: the referrals they made still waiting for an answer.
    `create index partner_referrals_pending_author on partner_referrals (created_by, referred_on)
        where answer = 'pending'`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The one referral model migration cannot be reverted.')
}
