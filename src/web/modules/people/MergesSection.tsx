import { Button } from '@codegouvfr/react-dsfr/Button'
import { createModal } from '@codegouvfr/react-dsfr/Modal'
import { useIsModalOpen } from '@codegouvfr/react-dsfr/Modal/useIsModalOpen'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { Link } from 'react-router'
import { type mergeSchema, personDisplayName } from '../../../shared/people.ts'
import { ErrorAlert, SuccessAlert } from '../../ui/ErrorAlert.tsx'
import { errorMessage } from './form-fields.tsx'
import { DetailSection } from './PersonDetails.tsx'
import { mergesQuery, peopleKeys, personQuery, undoMerge } from './people-api.ts'
import { formatDateTime } from './people-format.ts'

type Merge = ReturnType<typeof mergeSchema.parse>

/** The other file of a merge, by name and number (it may be hidden from the user: then by a plain link). */
function OtherFile({ id, fallback }: { id: string; fallback: string }) {
  const other = useQuery({ ...personQuery(id), retry: false })
  return (
    <Link to={`/personnes/${id}`}>
      {other.data ? `${personDisplayName(other.data)} (n° ${other.data.fileNumber})` : fallback}
    </Link>
  )
}

const undoModal = createModal({ id: 'annuler-fusion', isOpenedByDefault: false })

/** The merges this file took part in, each undoable (director, social worker) behind a confirmation. */
export function MergesSection({ personId, canMerge }: { personId: string; canMerge: boolean }) {
  const queryClient = useQueryClient()
  const merges = useQuery(mergesQuery(personId))
  const [selected, setSelected] = useState<Merge>()
  const [message, setMessage] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const messageRef = useRef<HTMLDivElement>(null)
  const isOpen = useIsModalOpen(undoModal)
  const items = merges.data?.items ?? []

  if (!merges.data || (items.length === 0 && !message)) return null

  const confirmUndo = async () => {
    if (!selected) return
    setBusy(true)
    setError(undefined)
    try {
      await undoMerge(selected.id)
      await queryClient.invalidateQueries({ queryKey: peopleKeys.all })
      undoModal.close()
      setMessage('La fusion a été annulée : les deux dossiers sont de nouveau distincts.')
      setTimeout(() => messageRef.current?.focus(), 0)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <DetailSection id="section-fusions" title="Fusions">
      <div ref={messageRef} tabIndex={-1}>
        <SuccessAlert message={message} />
      </div>
      <ul className="fr-raw-list">
        {items.map((m) => {
          const kept = m.keptPersonId === personId
          const other = kept ? m.mergedPersonId : m.keptPersonId
          return (
            <li
              key={m.id}
              className="fr-py-2w fr-grid-row fr-grid-row--middle fr-grid-row--gutters"
              style={{ borderBottom: '1px solid var(--border-default-grey)' }}
            >
              <div className="fr-col">
                <p className="fr-mb-0">
                  {kept ? (
                    <>
                      Le dossier <OtherFile id={other} fallback="doublon" /> a été fusionné dans celui-ci
                    </>
                  ) : (
                    <>
                      Ce dossier a été fusionné dans le dossier <OtherFile id={other} fallback="conservé" />
                    </>
                  )}{' '}
                  le {formatDateTime(m.mergedAt)} par {m.mergedBy}.
                </p>
                {m.undoneAt && (
                  <p className="fr-text--sm fr-mb-0">Fusion annulée le {formatDateTime(m.undoneAt)}.</p>
                )}
              </div>
              {canMerge && !m.undoneAt && (
                <div className="fr-col-auto">
                  <Button
                    size="small"
                    priority="secondary"
                    iconId="fr-icon-arrow-go-back-line"
                    nativeButtonProps={undoModal.buttonProps}
                    onClick={() => {
                      setError(undefined)
                      setSelected(m)
                    }}
                  >
                    Annuler la fusion
                  </Button>
                </div>
              )}
            </li>
          )
        })}
      </ul>
      <undoModal.Component
        title="Annuler cette fusion ?"
        buttons={[
          { children: 'Ne rien changer', priority: 'secondary', doClosesModal: true },
          {
            children: busy ? 'Annulation…' : 'Confirmer l’annulation de la fusion',
            doClosesModal: false,
            disabled: busy,
            onClick: confirmUndo,
          },
        ]}
      >
        {isOpen && <ErrorAlert message={error} />}
        <p>
          Les deux dossiers redeviennent distincts, chacun tel qu'il était avant la fusion. Ce qui a été
          enregistré depuis reste sur le dossier où il l'a été. L'annulation est inscrite au journal d'audit.
        </p>
      </undoModal.Component>
    </DetailSection>
  )
}
