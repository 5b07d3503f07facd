/**
 * Stable error codes of the API (RFC 9457 problem details carry one in `code`) and their French
 * messages. The web app shows `detail` from the server, or these messages when it has only a code.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: 'Certains champs sont invalides. Corrigez-les puis réessayez.',
  UNAUTHENTICATED: 'Vous devez vous connecter pour accéder à cette page.',
  SESSION_EXPIRED: 'Votre session a expiré. Reconnectez-vous.',
  FORBIDDEN: "Vous n'avez pas les droits nécessaires pour cette action.",
  NOT_FOUND: "L'élément demandé est introuvable.",
  CSRF_INVALID: 'La requête a été refusée par mesure de sécurité. Rechargez la page et réessayez.',
  INVALID_CREDENTIALS: 'Adresse e-mail ou mot de passe incorrect.',
  LOGIN_THROTTLED: 'Trop de tentatives de connexion. Réessayez dans quelques minutes.',
  TOTP_REQUIRED: 'Saisissez le code de votre application d’authentification.',
  TOTP_INVALID: 'Le code de vérification est incorrect ou expiré.',
  TOTP_ENROLMENT_REQUIRED: 'Votre rôle exige la double authentification : configurez-la avant de continuer.',
  TOTP_CANNOT_DISABLE: 'La double authentification est obligatoire pour votre rôle.',
  ORGANISATION_SUSPENDED:
    'L’accès à Trame est suspendu pour votre organisation par l’exploitant du service. Contactez votre responsable ou l’exploitant.',
  OPERATOR_ONLY: 'Cette page est réservée à l’exploitant du service.',
  ORGANISATION_EXISTS: 'Cette organisation existe déjà dans ce Trame : l’import ne remplace rien.',
  EXPORT_INVALID: 'Ce fichier n’est pas un export d’organisation Trame valide.',
  SETUP_ALREADY_DONE: 'Trame est déjà configuré. Connectez-vous.',
  SETUP_TOKEN_INVALID: "Ce lien d'installation n'est plus valide. Relancez Trame pour en obtenir un nouveau.",
  TOKEN_INVALID: 'Ce lien est invalide ou a expiré. Demandez-en un nouveau.',
  EMAIL_TAKEN: 'Un compte existe déjà avec cette adresse e-mail.',
  NOT_INVITED: 'Ce compte a déjà été activé : il n’y a plus d’invitation à renvoyer.',
  PASSWORD_TOO_WEAK: 'Le mot de passe doit contenir au moins 12 caractères.',
  CURRENT_PASSWORD_WRONG: 'Le mot de passe actuel est incorrect.',
  EDIT_CONFLICT:
    'Ce dossier a été modifié par quelqu’un d’autre pendant votre saisie. Rechargez la page pour voir sa version à jour, puis refaites vos changements.',
  PERSON_ARCHIVED:
    'Ce dossier est archivé (sans contact depuis la durée de conservation) : il est en lecture seule. Réactivez-le pour y ajouter ou modifier quoi que ce soit.',
  PERSON_ANONYMISED:
    'Ce dossier a été anonymisé à la fin de sa durée de conservation : il ne peut plus être réactivé ni complété. Créez un nouveau dossier.',
  RIGHTS_REQUEST_ANSWERED: 'Cette demande a déjà reçu sa réponse : rechargez la page.',
  PERSON_ARCHIVED_RESTRICTED:
    'Ce dossier est archivé : seules les personnes autorisées à le réactiver peuvent l’ouvrir. Si la personne revient, enregistrez son passage à l’accueil.',
  ARCHIVE_READ_REASON_REQUIRED:
    'Ce dossier est archivé : indiquez pourquoi vous l’ouvrez. Votre consultation et son motif sont enregistrés.',
  PERSON_NOT_ARCHIVED: 'Ce dossier n’est pas archivé : il n’y a rien à réactiver.',
  IN_USE: 'Cet élément est cité dans des dossiers : désactivez-le plutôt que de le supprimer.',
  LAST_ADMINISTRATOR: 'Impossible : l’organisation doit garder au moins un administrateur actif.',
  OWN_ROLES: 'Vous ne pouvez pas modifier vos propres rôles : demandez-le à un autre administrateur.',
  ROLE_GRANT_OWN:
    'Cette demande doit être confirmée par un autre administrateur ou par la direction que son auteur·rice et la personne concernée.',
  ROLE_GRANT_HAS_CONFIRMERS:
    'Un administrateur ou la direction de l’organisation peut confirmer cette demande : c’est à eux de le faire, pas à l’hébergeur.',
  DATABASE_UNAVAILABLE:
    'La base de données est momentanément indisponible. Réessayez dans quelques instants ; si cela dure, prévenez votre administrateur.',
  URI_TOO_LONG: 'L’adresse demandée est trop longue.',
  HEADERS_TOO_LARGE: 'Les en-têtes de la requête sont trop volumineux.',
  RATE_LIMITED: 'Trop de requêtes. Patientez un instant puis réessayez.',
  WEEKLY_LIMIT_REACHED:
    'Vous avez rendu trop de besoins cette semaine : vous pourrez de nouveau en accepter dans quelques jours.',
  ADMISSION_STATUS_CONFLICT:
    'Cette demande d’admission n’est plus à un stade qui permet cette action : rechargez la page.',
  ADMISSION_MEDICAL_UNFAVOURABLE:
    'Le dernier avis médical est défavorable : la demande ne peut pas être validée. Refusez-la (motif « avis médical défavorable ») ou faites donner un nouvel avis.',
  SLOT_TAKEN: 'Ce moment est déjà pris dans l’agenda : choisissez une autre heure.',
  AID_QUORUM_NOT_MET:
    'Le quorum n’est pas atteint : la commission ne peut pas décider. Enregistrez les membres présents.',
  AID_SESSION_STATE: 'Cette action n’est pas possible à ce stade de la séance.',
  INTERNAL_ERROR:
    'Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez votre administrateur.',
  NOT_READY: "Le service n'est pas prêt.",
  DOCUMENT_TOO_LARGE: 'Ce fichier est trop volumineux.',
  IMPORT_NOT_READY:
    'Ce fichier ne peut pas être importé : il contient des erreurs, ou son import est déjà lancé ou terminé.',
  DOCUMENT_FORMAT_REFUSED:
    'Ce format de fichier n’est pas accepté : déposez un PDF, une image (JPEG, PNG, WebP, HEIC) ou un document bureautique (Word, Excel, OpenDocument).',
  DOCUMENT_TYPE_MISMATCH:
    'Le contenu de ce fichier ne correspond pas à son nom : il a peut-être été renommé. Déposez le document d’origine.',
  AID_STATUS_CONFLICT:
    'Cette demande d’aide n’est plus à un stade qui permet cette action : rechargez la page.',
  AID_URGENT_NOT_ALLOWED:
    'Votre rôle ne fait pas partie de ceux qui peuvent décider cette aide en urgence : elle passe en commission.',
  AID_URGENT_CEILING:
    'Ce montant dépasse le plafond de la décision d’urgence : la demande passe en commission.',
  ACTIVITY_KIND_TAKEN: 'Ce type d’activité existe déjà : choisissez un autre nom.',
  ACTIVITY_ALREADY_PARTICIPANT: 'Cette personne est déjà inscrite à cette séance.',
  ACTIVITY_SESSION_NOT_HELD:
    'Cette séance n’a pas encore eu lieu : on peut y inscrire des personnes, pas noter leur présence.',
  CAMPAIGN_CLOSED:
    'Cette campagne n’est pas ouverte aux inscriptions (en préparation ou close) : rien n’a été enregistré.',
  ALREADY_REGISTERED: 'Cette personne est déjà inscrite à cette campagne.',
  DUPLICATE_ALREADY_DISMISSED:
    'Ces deux dossiers sont déjà écartés des doublons probables : rechargez la page.',
  REGISTRATION_NOT_PENDING: 'Cette inscription n’est plus en attente : elle a déjà été remise ou annulée.',
  STAY_PLACE_NOT_FREE:
    'Cette place n’est pas libre à cette date (occupée, réservée ou hors service) : choisissez-en une autre.',
  STAY_PERSON_ALREADY_HOSTED:
    'Cette personne a déjà un séjour en cours ou à cette date : terminez-le avant d’en ouvrir un autre.',
  STAY_NEEDS_ADMISSION:
    'Cette structure admet sur demande d’admission validée par la direction : passez par une demande d’admission.',
  STAY_ALREADY_ENDED: 'Ce séjour est déjà terminé : rechargez la page.',
  STAY_RENEWAL_NEEDS_MEDICAL_OPINION:
    'Le renouvellement d’un séjour LHSS exige un nouvel avis médical favorable, donné par un rôle médical.',
  LEASE_ALREADY_RUNNING:
    'Un bail court déjà sur ce logement à cette date : terminez-le avant d’en saisir un autre.',
  SUBLEASE_ALREADY_RUNNING:
    'Ce logement est déjà sous-loué : la sous-location en cours doit se terminer avant une autre.',
  SUBLEASE_ALREADY_ENDED: 'Cette sous-location est déjà terminée : rechargez la page.',
} as const
export type ErrorCode = keyof typeof ERROR_MESSAGES

/** Shape of an API error body (RFC 9457 problem details plus Trame's fields). */
export interface ProblemDetails {
  type: string
  title: string
  status: number
  code: ErrorCode
  detail: string
  instance?: string
  /** Per-field messages, for validation errors: `path` is dotted (`members.0.name`). */
  errors?: { path: string; message: string }[]
  /** Seconds to wait, for throttling errors. */
  retryAfter?: number
}
