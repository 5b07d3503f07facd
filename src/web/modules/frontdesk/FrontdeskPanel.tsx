import { ContactList } from './ContactList.tsx'
import { useContacts } from './frontdesk-api.ts'
import { QuickContactForm } from './QuickContactForm.tsx'

/** The front desk on the home screen: log a contact, see the last ones. */
export function FrontdeskPanel() {
  const recent = useContacts({ limit: '8' })
  return (
    <div className="fr-grid-row fr-grid-row--gutters fr-mb-4w">
      <div className="fr-col-12 fr-col-lg-7">
        <div className="fr-card fr-p-3w">
          <QuickContactForm />
        </div>
      </div>
      <div className="fr-col-12 fr-col-lg-5">
        <h2 className="fr-h4">Derniers contacts</h2>
        {recent.data && <ContactList contacts={recent.data} />}
      </div>
    </div>
  )
}
