import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { MailItem, MailRecipient } from '../../../shared/domiciliation.mail.ts'
import { MAIL_KIND } from '../../../shared/domiciliation.ts'
import type { ContactInput } from '../../../shared/frontdesk.ts'
import { get, post } from '../../lib/api-client.ts'
import { formatDate } from '../../lib/dates.ts'
import { hasPermission, useMe } from '../../lib/session.ts'

// A domiciled person's waiting mail at the front desk: shown when the agent picks them for a visit,
// and handed over with the visit, in one request (the contact and the handover in one transaction).

/** The mail module's keys, by value (web modules do not import each other). */
const MAIL_KEY = ['mail']

function useWaitingMail(personId: string | null, enabled: boolean) {
  const recipient = useQuery({
    queryKey: ['mail', 'recipient', personId],
    queryFn: () => get<MailRecipient>(`/api/mail-items/recipients/${personId}`),
    enabled: enabled && personId !== null,
  })
  const waiting = recipient.data?.waitingCount ?? 0
  const items = useQuery({
    queryKey: ['mail', 'items', personId, 'waiting', 1],
    queryFn: () =>
      get<{ items: MailItem[]; total: number }>(`/api/mail-items?personId=${personId}&pageSize=200`),
    enabled: enabled && personId !== null && waiting > 0,
  })
  return { recipient: recipient.data, items: waiting > 0 ? (items.data?.items ?? []) : [] }
}

/** Logs the visit and hands the chosen items over to the person, together. */
export function useVisitWithHandover() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { contact: Partial<ContactInput>; personId: string; itemIds: string[] }) =>
      post<{ contactId: string; items: MailItem[] }>('/api/mail-items/handover', {
        personId: input.personId,
        itemIds: input.itemIds,
        recipient: 'person',
        contact: input.contact,
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['frontdesk', 'contacts'] }),
        queryClient.invalidateQueries({ queryKey: MAIL_KEY }),
      ]),
  })
}

/** The checkboxes « Remettre le courrier »: nothing shows for someone with no mail waiting. */
export function WaitingMailField(props: {
  personId: string | null
  selected: string[]
  onChange: (ids: string[]) => void
  error?: string
}) {
  const { data: me } = useMe()
  const { recipient, items } = useWaitingMail(props.personId, hasPermission(me, 'domiciliation.mail'))
  if (!recipient || items.length === 0) return null
  const all = items.map((i) => i.id)
  return (
    <Checkbox
      className="fr-mt-2w"
      legend={`Courrier en attente (${items.length}) — remettre le courrier`}
      hintText={
        recipient.period
          ? `Domicilié·e jusqu’au ${formatDate(recipient.period.endOn)}. Cochez ce qui est remis pendant ce passage.`
          : 'La domiciliation n’est plus en cours ; le courrier déjà arrivé peut être remis.'
      }
      small
      state={props.error ? 'error' : 'default'}
      stateRelatedMessage={props.error}
      options={[
        {
          label: `Remettre tout le courrier (${items.length})`,
          nativeInputProps: {
            checked: props.selected.length === all.length,
            onChange: (e) => props.onChange(e.target.checked ? all : []),
          },
        },
        ...items.map((item) => ({
          label: `${MAIL_KIND.labels[item.kind]} arrivé le ${formatDate(item.receivedAt)}${item.sender ? ` — ${item.sender}` : ''}`,
          nativeInputProps: {
            checked: props.selected.includes(item.id),
            onChange: (e: { target: { checked: boolean } }) =>
              props.onChange(
                e.target.checked
                  ? [...props.selected, item.id]
                  : props.selected.filter((id) => id !== item.id),
              ),
          },
        })),
      ]}
    />
  )
}
