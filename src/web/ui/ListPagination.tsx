import { Pagination } from '@codegouvfr/react-dsfr/Pagination'

/** The total of a paginated list and, past one page, the page links (the API's one pagination shape). */
export function ListPagination(props: {
  list: { total: number; page: number; pageSize: number }
  /** "entrée" → "1 entrée", "238 entrées". */
  noun: [singular: string, plural: string]
  onPage: (page: number) => void
}) {
  const { total, page, pageSize } = props.list
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1
  const last = Math.min(total, page * pageSize)
  return (
    <>
      <p className="fr-text--sm fr-mb-1w" role="status">
        {total} {total > 1 ? props.noun[1] : props.noun[0]}
        {pageCount > 1 && ` — ${first} à ${last} affichées`}
      </p>
      {pageCount > 1 && (
        <Pagination
          count={pageCount}
          defaultPage={page}
          showFirstLast
          getPageLinkProps={(n) => ({
            href: '#',
            onClick: (event: { preventDefault(): void }) => {
              event.preventDefault()
              props.onPage(n)
            },
          })}
        />
      )}
    </>
  )
}
