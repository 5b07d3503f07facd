import { type Kysely, sql } from 'kysely'

// Frozen in time: no import from application code.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // A partner contact's one-time links are of two kinds: the invitation (7 days) and the password
    // reset asked from the partner page's sign-in (1 hour). The same hashed, single-use token.
    `alter table partner_contact_tokens
        add column purpose text not null default 'invitation'
          check (purpose in ('invitation', 'password_reset'))`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(): Promise<void> {
  throw new Error('The partner contact password reset migration cannot be reverted.')
}
