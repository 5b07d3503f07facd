import { Button } from '@codegouvfr/react-dsfr/Button'
import { useState } from 'react'
import { AGREEMENT_MODULE_LABELS, type Agreement } from '../../../shared/accommodation-structures.ts'
import { formatDate } from '../../lib/dates.ts'
import { AgreementForm } from '../../ui/AgreementForm.tsx'
import { SuccessAlert } from '../../ui/ErrorAlert.tsx'

/** The partner's agreements (conventions) on its section of the directory. */
export function AgreementsBlock(props: {
  partnerId: string
  partnerName: string
  canManage: boolean
  /** Read once for every partner of the directory's page. */
  agreements: Agreement[]
}) {
  const [editing, setEditing] = useState<Agreement | 'new'>()
  const [saved, setSaved] = useState<string>()
  const items = props.agreements
  const period = (a: Agreement) =>
    a.endsOn
      ? `du ${formatDate(a.startsOn)} au ${formatDate(a.endsOn)}`
      : `depuis le ${formatDate(a.startsOn)}`
  return (
    <div className="fr-mt-2w">
      <h3 className="fr-h6">Conventions</h3>
      <SuccessAlert message={saved} />
      {items.length === 0 ? (
        <p className="fr-text--sm">Aucune convention enregistrée.</p>
      ) : (
        <ul className="fr-text--sm">
          {items.map((a) => (
            <li key={a.id}>
              <strong>{a.subject}</strong>, {period(a)}
              {a.structureName
                ? ` — ${a.structureName}`
                : a.module
                  ? ` — ${AGREEMENT_MODULE_LABELS[a.module] ?? a.module}`
                  : ''}
              {a.toRenewSoon && <strong> — à renouveler (avant le {formatDate(a.endsOn ?? '')})</strong>}
              {props.canManage && !editing && (
                <Button
                  size="small"
                  priority="tertiary no outline"
                  className="fr-ml-1w"
                  onClick={() => setEditing(a)}
                >
                  Modifier<span className="fr-sr-only"> la convention {a.subject}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.canManage && !editing && (
        <Button size="small" priority="secondary" onClick={() => setEditing('new')}>
          Ajouter une convention<span className="fr-sr-only"> avec {props.partnerName}</span>
        </Button>
      )}
      {editing && (
        <AgreementForm
          key={editing === 'new' ? 'new' : editing.id}
          partner={{ id: props.partnerId, name: props.partnerName }}
          agreement={editing === 'new' ? undefined : editing}
          cancellable
          headingLevel={4}
          onDone={(wasSaved) => {
            setEditing(undefined)
            setSaved(wasSaved ? 'Convention enregistrée.' : undefined)
          }}
        />
      )}
    </div>
  )
}
