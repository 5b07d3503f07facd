import { hasPermission, useMe } from '../../lib/session.ts'
import { ReferralsSection } from './ReferralsSection.tsx'
import { RightsSection } from './RightsSection.tsx'
import { RsaSection } from './RsaSection.tsx'

/** What the follow-up shows in a person's file, for those whose role reads it. */
export function PersonFileFollowup({ personId, merged }: { personId: string; merged: boolean }) {
  const { data: me } = useMe()
  return (
    <>
      {hasPermission(me, 'rights.read') && (
        <RightsSection personId={personId} canWrite={hasPermission(me, 'rights.write') && !merged} />
      )}
      {hasPermission(me, 'rsa.instruct') && <RsaSection personId={personId} canWrite={!merged} />}
      {hasPermission(me, 'referral.read') && (
        <ReferralsSection personId={personId} canWrite={hasPermission(me, 'referral.write') && !merged} />
      )}
    </>
  )
}
