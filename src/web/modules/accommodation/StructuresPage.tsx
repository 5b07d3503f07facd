import { Table } from '@codegouvfr/react-dsfr/Table'
import { Link, useNavigate } from 'react-router'
import { hasPermission, useMe } from '../../lib/session.ts'
import { ErrorAlert } from '../../ui/ErrorAlert.tsx'
import { usePageTitle } from '../../ui/use-page-title.ts'
import { StructureForm } from './StructureForm.tsx'
import { useStructures } from './structures-api.ts'

/** « Structures d’hébergement »: every structure with its places; creating one for who configures them. */
export function StructuresPage() {
  usePageTitle('Structures d’hébergement')
  const me = useMe()
  const navigate = useNavigate()
  const structures = useStructures()
  return (
    <div>
      <h1>Structures d’hébergement</h1>
      <p>
        <Link to="/hebergement/occupation">Tableau d’occupation</Link>
      </p>
      <ErrorAlert message={structures.error?.message} />
      {structures.data && structures.data.items.length === 0 && <p>Aucune structure pour l’instant.</p>}
      {structures.data && structures.data.items.length > 0 && (
        <Table
          caption={`Structures (${structures.data.items.length})`}
          headers={['Structure', 'Type', 'Capacité', 'Places', 'Commune', 'État']}
          data={structures.data.items.map((s) => [
            <Link key={s.id} to={`/hebergement/structures/${s.id}`}>
              {s.name}
            </Link>,
            s.kindLabel,
            String(s.capacity),
            String(s.placeCount),
            s.city ?? '—',
            s.closedOn
              ? `Fermée le ${s.closedOn.split('-').reverse().join('/')}`
              : s.active
                ? 'Ouverte'
                : 'Inactive',
          ])}
        />
      )}
      {me.data && hasPermission(me.data, 'accommodation.configure') && (
        <StructureForm onSaved={(saved) => void navigate(`/hebergement/structures/${saved.id}`)} />
      )}
    </div>
  )
}
