import { Link } from 'react-router'
import { usePageTitle } from './use-page-title.ts'

export function NotFoundPage() {
  usePageTitle('Page introuvable')
  return (
    <>
      <h1>Page introuvable</h1>
      <p>La page que vous cherchez n'existe pas ou a été déplacée.</p>
      <Link to="/">Retour à l'accueil</Link>
    </>
  )
}
