/**
 * The fixed words of the layout and of the detail boxes: everything in a mail that is not a
 * company-editable block. English, German and French are built in; other languages fall back to
 * English until translations are added here.
 */
const en = {
  sentOnBehalf: (productName: string, companyName: string) => `Sent by ${productName} on behalf of ${companyName}.`,
  support: 'Need help? Contact support:',
  buttonFallback: 'If the button does not work, copy this link into your browser:',
  product: 'Product',
  plan: 'Service plan',
  units: 'Units',
  previousUnits: 'Previous units',
  startDate: 'Starts',
  expiryDate: 'Expires',
  previousExpiryDate: 'Previous expiry',
  endDate: 'Ends',
  status: 'Status',
  daysLeft: 'Days left',
  registrationKey: 'Registration key',
  activationCode: 'Activation code',
  validUntil: 'Register before',
  partner: 'Partner',
  cycle: 'Cycle',
  customers: 'Customers',
  submitBy: 'Submit by',
  lines: 'Lines',
  invoiceTotal: 'Invoice total',
  purchaseOrder: 'PO number',
  reviewerComment: (reviewerName: string) => (reviewerName ? `Comment from ${reviewerName}` : 'Comment'),
  requestedBy: 'Requested by',
  unitKind: 'Unit kind',
  requestNote: 'Note from the partner',
  decision: 'Decision',
  rejectionReason: (parentName: string) => (parentName ? `Reason given by ${parentName}` : 'Reason'),
};

export type EmailStrings = typeof en;

const de: EmailStrings = {
  sentOnBehalf: (productName, companyName) => `Gesendet von ${productName} im Auftrag von ${companyName}.`,
  support: 'Brauchen Sie Hilfe? Wenden Sie sich an den Support:',
  buttonFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
  product: 'Produkt',
  plan: 'Serviceplan',
  units: 'Einheiten',
  previousUnits: 'Bisherige Einheiten',
  startDate: 'Beginn',
  expiryDate: 'Ablauf',
  previousExpiryDate: 'Bisheriger Ablauf',
  endDate: 'Ende',
  status: 'Status',
  daysLeft: 'Verbleibende Tage',
  registrationKey: 'Registrierungsschlüssel',
  activationCode: 'Aktivierungscode',
  validUntil: 'Registrieren bis',
  partner: 'Partner',
  cycle: 'Abrechnungszeitraum',
  customers: 'Kunden',
  submitBy: 'Einreichen bis',
  lines: 'Positionen',
  invoiceTotal: 'Rechnungsbetrag',
  purchaseOrder: 'Bestellnummer',
  reviewerComment: (reviewerName) => (reviewerName ? `Kommentar von ${reviewerName}` : 'Kommentar'),
  requestedBy: 'Angefordert von',
  unitKind: 'Einheitenart',
  requestNote: 'Hinweis des Partners',
  decision: 'Entscheidung',
  rejectionReason: (parentName) => (parentName ? `Begründung von ${parentName}` : 'Begründung'),
};

const fr: EmailStrings = {
  sentOnBehalf: (productName, companyName) => `Envoyé par ${productName} pour le compte de ${companyName}.`,
  support: 'Besoin d’aide ? Contactez le support :',
  buttonFallback: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :',
  product: 'Produit',
  plan: 'Plan de service',
  units: 'Unités',
  previousUnits: 'Unités précédentes',
  startDate: 'Début',
  expiryDate: 'Expiration',
  previousExpiryDate: 'Expiration précédente',
  endDate: 'Fin',
  status: 'Statut',
  daysLeft: 'Jours restants',
  registrationKey: 'Clé d’enregistrement',
  activationCode: 'Code d’activation',
  validUntil: 'Enregistrer avant le',
  partner: 'Partenaire',
  cycle: 'Cycle',
  customers: 'Clients',
  submitBy: 'Soumettre avant le',
  lines: 'Lignes',
  invoiceTotal: 'Total facturé',
  purchaseOrder: 'N° de bon de commande',
  reviewerComment: (reviewerName) => (reviewerName ? `Commentaire de ${reviewerName}` : 'Commentaire'),
  requestedBy: 'Demandé par',
  unitKind: 'Type d’unités',
  requestNote: 'Note du partenaire',
  decision: 'Décision',
  rejectionReason: (parentName) => (parentName ? `Motif donné par ${parentName}` : 'Motif'),
};

const STRINGS: Record<string, EmailStrings> = { en, de, fr };

/** Strings for a language tag such as `en` or `en-GB`, falling back to English. */
export function emailStrings(language: string): EmailStrings {
  const base = language.toLowerCase().split('-')[0] ?? 'en';
  return STRINGS[base] ?? en;
}
