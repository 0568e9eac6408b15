import type { EmailTimingRule } from './timing.ts';

/** Every event Keyway sends mail for, in the order the Email Notifications page lists them. */
export const EMAIL_EVENTS = [
  'account-created',
  'reset-password',
  'license-added',
  'license-modified',
  'license-discontinued',
  'registration-required',
  'registration-confirmation',
  'license-expiring',
  'usage-report-ready',
  'usage-report-reminder',
  'usage-report-rejected',
  'billing-report-ready',
  'billing-report-returned',
  'billing-report-completed',
  'license-request-received',
  'license-request-decided',
] as const;

export type EmailEvent = (typeof EMAIL_EVENTS)[number];

export function isEmailEvent(value: unknown): value is EmailEvent {
  return typeof value === 'string' && (EMAIL_EVENTS as readonly string[]).includes(value);
}

/** Who reads the mail: a console user about their own account, a customer, or a partner company. */
export type EmailAudience = 'user' | 'customer' | 'partner';

/**
 * The editable text of a mail, the same blocks for every event, in reading order. `action` is the
 * label of the call-to-action button (every event has one); it is a block so that a company can
 * word and translate it like the rest.
 */
export const EMAIL_BLOCKS = ['heading', 'intro', 'body', 'action', 'closing'] as const;
export type EmailBlockName = (typeof EMAIL_BLOCKS)[number];
export type EmailBlocks = Record<EmailBlockName, string>;

export interface EmailTexts {
  subject: string;
  blocks: EmailBlocks;
}

export interface EmailVariableDefinition {
  readonly description: string;
  /** Shown in the variable list and used as the sample value for previews. */
  readonly example: string;
  /**
   * The mail makes no sense without it (a link the reader must follow): rendering refuses to go
   * on when the text uses it and no value was given, rather than send a dead link.
   */
  readonly required?: boolean;
  /**
   * The value grants access (a single-use sign-in or reset link): it goes out in the mail but is
   * hidden wherever the stored mail is shown to someone else, and such a mail is never resent.
   */
  readonly secret?: boolean;
}

export interface EmailEventDefinition<V extends string = string> {
  /** Console wording. */
  readonly label: string;
  /** When the mail is sent. */
  readonly description: string;
  readonly audience: EmailAudience;
  /**
   * The `{{variables}}` its texts may use. Values are plain text already formatted for the
   * recipient (dates in their time zone, money with its currency).
   */
  readonly variables: Readonly<Record<V, EmailVariableDefinition>>;
  readonly timing: EmailTimingRule;
  /** The button: its label is the `action` block, its target this variable. */
  readonly action: { readonly urlVariable: V };
  /** Built-in English text. */
  readonly defaults: Readonly<EmailTexts>;
  /**
   * Built-in text in other languages (BCP-47 base tags), used for a recipient of that language
   * when no company in the chain wrote its own; a language without one falls back to English.
   */
  readonly translations?: Readonly<Partial<Record<string, Readonly<EmailTexts>>>>;
}

/** Infers the variable names from `variables` alone, so the button must point at one of them. */
function defineEvent<V extends string>(
  definition: Omit<EmailEventDefinition<V>, 'action'> & { readonly action: { readonly urlVariable: NoInfer<V> } },
): EmailEventDefinition<NoInfer<V>> {
  return definition;
}

const recipientName = {
  description: 'Full name of the person receiving the mail.',
  example: 'Dana Whitfield',
} as const;

const customerName = {
  description: 'Name of the customer company the license belongs to.',
  example: 'Harbor Dental Group',
} as const;

const productName = { description: 'Name of the licensed product.', example: 'Keyway Secure Mail' } as const;
const planName = { description: 'Name of the service plan the license comes from.', example: 'Secure Mail Business' } as const;
const units = { description: 'Number of licensed units.', example: '25' } as const;
const unitType = { description: 'What a unit counts, e.g. users, devices or mailboxes.', example: 'mailboxes' } as const;
const licenseStatus = { description: 'Status of the license, e.g. Trial, Active or Expired.', example: 'Active' } as const;
const expiryDate = { description: 'Date the license expires.', example: '30 September 2027' } as const;

const portalUrl = {
  description: 'Link to the products page of the customer portal.',
  example: 'https://console.keyway.example/portal/products',
  required: true,
} as const;

const partnerName = { description: 'Name of the partner company the report is for.', example: 'Northwind IT' } as const;
const cycle = { description: 'Report cycle, a calendar month (YYYY-MM).', example: '2026-10' } as const;
const reportUrl = {
  description: 'Link to the report in the console.',
  example: 'https://console.keyway.example/reports/usage/2026-10',
  required: true,
} as const;

export const EMAIL_EVENT_DEFINITIONS = {
  'account-created': defineEvent({
    label: 'Account created',
    description:
      'Sent to a new console user when their account is created, at once or on the date chosen when the customer was created.',
    audience: 'user',
    variables: {
      recipientName,
      companyName: { description: 'Name of the company the new account belongs to.', example: 'Harbor Dental Group' },
      accountName: { description: 'Sign-in name of the new account (its email address).', example: 'dana@harbordental.example' },
      signInUrl: {
        description: 'Address of the console sign-in page.',
        example: 'https://console.keyway.example/sign-in',
        required: true,
      },
      setPasswordUrl: {
        description: 'Single-use link to choose a first password.',
        example: 'https://console.keyway.example/set-password?token=8f2c41d9e07a5b3c',
        required: true,
        secret: true,
      },
      senderName: { description: 'Person or company that created the account.', example: 'Northwind IT' },
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'setPasswordUrl' },
    defaults: {
      subject: 'Your {{companyName}} account is ready',
      blocks: {
        heading: 'Welcome, {{recipientName}}',
        intro: '{{senderName}} has created an account for you at {{companyName}}.',
        body: 'Your sign-in name is {{accountName}}. Choose a password to get started; after that you can sign in at any time at {{signInUrl}}.',
        action: 'Choose your password',
        closing: 'If you were not expecting this account, you can ignore this mail.',
      },
    },
    translations: {
      de: {
        subject: 'Ihr Konto bei {{companyName}} ist bereit',
        blocks: {
          heading: 'Willkommen, {{recipientName}}',
          intro: '{{senderName}} hat für Sie ein Konto bei {{companyName}} angelegt.',
          body: 'Ihr Anmeldename ist {{accountName}}. Wählen Sie zuerst ein Passwort; danach können Sie sich jederzeit unter {{signInUrl}} anmelden.',
          action: 'Passwort wählen',
          closing: 'Wenn Sie dieses Konto nicht erwartet haben, können Sie diese E-Mail ignorieren.',
        },
      },
      fr: {
        subject: 'Votre compte {{companyName}} est prêt',
        blocks: {
          heading: 'Bienvenue, {{recipientName}}',
          intro: '{{senderName}} a créé un compte pour vous chez {{companyName}}.',
          body: 'Votre identifiant est {{accountName}}. Choisissez un mot de passe pour commencer ; vous pourrez ensuite vous connecter à tout moment sur {{signInUrl}}.',
          action: 'Choisir votre mot de passe',
          closing: 'Si vous n’attendiez pas ce compte, vous pouvez ignorer ce message.',
        },
      },
    },
  }),

  'reset-password': defineEvent({
    label: 'Reset password',
    description: 'Sent when someone asks to reset the password of an account.',
    audience: 'user',
    variables: {
      recipientName,
      accountName: { description: 'Sign-in name of the account (its email address).', example: 'dana@harbordental.example' },
      resetUrl: {
        description: 'Single-use link to choose a new password.',
        example: 'https://console.keyway.example/reset-password?token=3b7e90a1c4d2f865',
        required: true,
        secret: true,
      },
      validForHours: { description: 'How many hours the link stays valid.', example: '2' },
    },
    timing: { kind: 'link-validity-hours', defaultHours: 2, minHours: 1, maxHours: 72 },
    action: { urlVariable: 'resetUrl' },
    defaults: {
      subject: 'Reset your password',
      blocks: {
        heading: 'Reset your password',
        intro: 'Hello {{recipientName}}, we received a request to reset the password of {{accountName}}.',
        body: 'The link below works once and for {{validForHours}} hours.',
        action: 'Choose a new password',
        closing: 'If you did not ask for this, ignore this mail: your password stays as it is.',
      },
    },
    translations: {
      de: {
        subject: 'Passwort zurücksetzen',
        blocks: {
          heading: 'Passwort zurücksetzen',
          intro: 'Hallo {{recipientName}}, wir haben eine Anfrage erhalten, das Passwort von {{accountName}} zurückzusetzen.',
          body: 'Der Link unten funktioniert einmal und {{validForHours}} Stunden lang.',
          action: 'Neues Passwort wählen',
          closing: 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
        },
      },
      fr: {
        subject: 'Réinitialisez votre mot de passe',
        blocks: {
          heading: 'Réinitialisez votre mot de passe',
          intro: 'Bonjour {{recipientName}}, nous avons reçu une demande de réinitialisation du mot de passe de {{accountName}}.',
          body: 'Le lien ci-dessous fonctionne une fois, pendant {{validForHours}} heures.',
          action: 'Choisir un nouveau mot de passe',
          closing: 'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.',
        },
      },
    },
  }),

  'license-added': defineEvent({
    label: 'License added',
    description: 'Sent to the customer when a service plan is assigned to it.',
    audience: 'customer',
    variables: {
      recipientName,
      customerName,
      productName,
      planName,
      units,
      unitType,
      startDate: { description: 'Date the license starts.', example: '1 October 2026' },
      expiryDate,
      licenseStatus,
      portalUrl,
    },
    timing: {
      kind: 'license-added',
      options: ['immediately', 'days-before-start'],
      defaultOption: 'immediately',
      defaultDays: 7,
      minDays: 1,
      maxDays: 90,
    },
    action: { urlVariable: 'portalUrl' },
    defaults: {
      subject: 'Your {{productName}} license is ready',
      blocks: {
        heading: 'Your new {{productName}} license',
        intro: 'Hello {{recipientName}}, a {{productName}} license has been added for {{customerName}}.',
        body: 'It covers {{units}} {{unitType}} from {{startDate}}. The details are below, and all your licenses are in the customer portal.',
        action: 'View your licenses',
        closing: 'Thank you for choosing {{productName}}.',
      },
    },
    translations: {
      de: {
        subject: 'Ihre {{productName}}-Lizenz ist bereit',
        blocks: {
          heading: 'Ihre neue {{productName}}-Lizenz',
          intro: 'Hallo {{recipientName}}, für {{customerName}} wurde eine {{productName}}-Lizenz hinzugefügt.',
          body: 'Sie umfasst {{units}} {{unitType}} ab dem {{startDate}}. Die Einzelheiten finden Sie unten, alle Ihre Lizenzen im Kundenportal.',
          action: 'Ihre Lizenzen ansehen',
          closing: 'Vielen Dank, dass Sie sich für {{productName}} entschieden haben.',
        },
      },
      fr: {
        subject: 'Votre licence {{productName}} est prête',
        blocks: {
          heading: 'Votre nouvelle licence {{productName}}',
          intro: 'Bonjour {{recipientName}}, une licence {{productName}} a été ajoutée pour {{customerName}}.',
          body: 'Elle couvre {{units}} {{unitType}} à partir du {{startDate}}. Les détails figurent ci-dessous, et toutes vos licences sont dans le portail client.',
          action: 'Voir vos licences',
          closing: 'Merci d’avoir choisi {{productName}}.',
        },
      },
    },
  }),

  'license-modified': defineEvent({
    label: 'License modified',
    description: "Sent to the customer when a license's units, expiry date or status change, renewals included.",
    audience: 'customer',
    variables: {
      recipientName,
      customerName,
      productName,
      planName,
      units: { description: 'Number of licensed units after the change.', example: '40' },
      previousUnits: { description: 'Number of licensed units before the change.', example: '25' },
      unitType,
      expiryDate: { description: 'Date the license expires after the change.', example: '30 September 2027' },
      previousExpiryDate: { description: 'Date the license expired before the change.', example: '30 September 2026' },
      licenseStatus,
      portalUrl,
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'portalUrl' },
    defaults: {
      subject: 'Your {{productName}} license has changed',
      blocks: {
        heading: 'Your {{productName}} license has changed',
        intro: 'Hello {{recipientName}}, the {{productName}} license of {{customerName}} has been updated.',
        body: 'It now covers {{units}} {{unitType}} (previously {{previousUnits}}) and runs until {{expiryDate}}.',
        action: 'View your licenses',
        closing: 'If you did not expect this change, please contact your provider.',
      },
    },
    translations: {
      de: {
        subject: 'Ihre {{productName}}-Lizenz wurde geändert',
        blocks: {
          heading: 'Ihre {{productName}}-Lizenz wurde geändert',
          intro: 'Hallo {{recipientName}}, die {{productName}}-Lizenz von {{customerName}} wurde aktualisiert.',
          body: 'Sie umfasst jetzt {{units}} {{unitType}} (bisher {{previousUnits}}) und läuft bis zum {{expiryDate}}.',
          action: 'Ihre Lizenzen ansehen',
          closing: 'Wenn Sie diese Änderung nicht erwartet haben, wenden Sie sich bitte an Ihren Anbieter.',
        },
      },
      fr: {
        subject: 'Votre licence {{productName}} a changé',
        blocks: {
          heading: 'Votre licence {{productName}} a changé',
          intro: 'Bonjour {{recipientName}}, la licence {{productName}} de {{customerName}} a été mise à jour.',
          body: 'Elle couvre désormais {{units}} {{unitType}} (auparavant {{previousUnits}}) et court jusqu’au {{expiryDate}}.',
          action: 'Voir vos licences',
          closing: 'Si vous n’attendiez pas ce changement, contactez votre fournisseur.',
        },
      },
    },
  }),

  'license-discontinued': defineEvent({
    label: 'License discontinued',
    description: 'Sent to the customer when a license is discontinued and will not renew.',
    audience: 'customer',
    variables: {
      recipientName,
      customerName,
      productName,
      planName,
      units,
      unitType,
      expiryDate: { description: 'Date the license ends.', example: '31 October 2026' },
      licenseStatus: { ...licenseStatus, example: 'Discontinued' },
      portalUrl,
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'portalUrl' },
    defaults: {
      subject: 'Your {{productName}} license has been discontinued',
      blocks: {
        heading: 'Your {{productName}} license ends on {{expiryDate}}',
        intro: 'Hello {{recipientName}}, the {{productName}} license of {{customerName}} has been discontinued.',
        body: 'The {{units}} {{unitType}} on the {{planName}} plan stay available until {{expiryDate}} and will not be renewed.',
        action: 'View your licenses',
        closing: 'If this is not what you expected, please contact your provider.',
      },
    },
    translations: {
      de: {
        subject: 'Ihre {{productName}}-Lizenz wurde eingestellt',
        blocks: {
          heading: 'Ihre {{productName}}-Lizenz endet am {{expiryDate}}',
          intro: 'Hallo {{recipientName}}, die {{productName}}-Lizenz von {{customerName}} wurde eingestellt.',
          body: 'Die {{units}} {{unitType}} des Serviceplans {{planName}} bleiben bis zum {{expiryDate}} verfügbar und werden nicht verlängert.',
          action: 'Ihre Lizenzen ansehen',
          closing: 'Wenn Sie das nicht erwartet haben, wenden Sie sich bitte an Ihren Anbieter.',
        },
      },
      fr: {
        subject: 'Votre licence {{productName}} a été arrêtée',
        blocks: {
          heading: 'Votre licence {{productName}} prend fin le {{expiryDate}}',
          intro: 'Bonjour {{recipientName}}, la licence {{productName}} de {{customerName}} a été arrêtée.',
          body: 'Les {{units}} {{unitType}} du plan {{planName}} restent disponibles jusqu’au {{expiryDate}} et ne seront pas renouvelées.',
          action: 'Voir vos licences',
          closing: 'Si ce n’est pas ce que vous attendiez, contactez votre fournisseur.',
        },
      },
    },
  }),

  'registration-required': defineEvent({
    label: 'Registration required',
    description: 'Sent to the customer with a registration key it must register before it can use the product.',
    audience: 'customer',
    variables: {
      recipientName,
      customerName,
      productName,
      planName,
      registrationKey: {
        description: 'The registration key, PP-XXXX-XXXX-XXXX-XXXX.',
        example: 'SM-7K4Q-M2XA-9TRB-H6PC',
        required: true,
      },
      keyValidUntil: { description: 'Last day the key can be registered.', example: '31 December 2026' },
      registrationUrl: {
        description: 'Link to the key registration page of the customer portal.',
        example: 'https://console.keyway.example/portal/register',
        required: true,
      },
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'registrationUrl' },
    defaults: {
      subject: 'Register your {{productName}} key',
      blocks: {
        heading: 'Register your {{productName}} key',
        intro: 'Hello {{recipientName}}, a {{productName}} key on the {{planName}} plan is waiting for {{customerName}}.',
        body: 'Register the key below in the customer portal before {{keyValidUntil}} to start using the product.',
        action: 'Register your key',
        closing: 'You will receive a confirmation once the key is registered.',
      },
    },
    translations: {
      de: {
        subject: 'Registrieren Sie Ihren {{productName}}-Schlüssel',
        blocks: {
          heading: 'Registrieren Sie Ihren {{productName}}-Schlüssel',
          intro: 'Hallo {{recipientName}}, für {{customerName}} liegt ein {{productName}}-Schlüssel des Serviceplans {{planName}} bereit.',
          body: 'Registrieren Sie den Schlüssel unten vor dem {{keyValidUntil}} im Kundenportal, um das Produkt zu nutzen.',
          action: 'Schlüssel registrieren',
          closing: 'Sobald der Schlüssel registriert ist, erhalten Sie eine Bestätigung.',
        },
      },
      fr: {
        subject: 'Enregistrez votre clé {{productName}}',
        blocks: {
          heading: 'Enregistrez votre clé {{productName}}',
          intro: 'Bonjour {{recipientName}}, une clé {{productName}} du plan {{planName}} attend {{customerName}}.',
          body: 'Enregistrez la clé ci-dessous dans le portail client avant le {{keyValidUntil}} pour commencer à utiliser le produit.',
          action: 'Enregistrer votre clé',
          closing: 'Vous recevrez une confirmation une fois la clé enregistrée.',
        },
      },
    },
  }),

  'registration-confirmation': defineEvent({
    label: 'Registration confirmation',
    description:
      'Sent to the customer when a registration key has been registered, with the activation code for products that need one.',
    audience: 'customer',
    variables: {
      recipientName,
      customerName,
      productName,
      planName,
      registrationKey: { description: 'The registered key, PP-XXXX-XXXX-XXXX-XXXX.', example: 'SM-7K4Q-M2XA-9TRB-H6PC' },
      activationCode: {
        description: 'Activation code to enter in the product, empty for products that need none.',
        example: 'SM-4HX2-9KQ7M-TB3RW-X8C2N-PL6VD-QW9ZF',
      },
      units,
      unitType,
      expiryDate,
      portalUrl,
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'portalUrl' },
    defaults: {
      subject: 'Your {{productName}} key is registered',
      blocks: {
        heading: 'Your {{productName}} key is registered',
        intro: 'Hello {{recipientName}}, your {{productName}} key has been registered for {{customerName}}.',
        body: 'Your license covers {{units}} {{unitType}} until {{expiryDate}}. If the product asks for an activation code, enter the one shown below.',
        action: 'View your products',
        closing: 'Keep this mail: it is your proof of registration.',
      },
    },
    translations: {
      de: {
        subject: 'Ihr {{productName}}-Schlüssel ist registriert',
        blocks: {
          heading: 'Ihr {{productName}}-Schlüssel ist registriert',
          intro: 'Hallo {{recipientName}}, Ihr {{productName}}-Schlüssel wurde für {{customerName}} registriert.',
          body: 'Ihre Lizenz umfasst {{units}} {{unitType}} bis zum {{expiryDate}}. Wenn das Produkt nach einem Aktivierungscode fragt, geben Sie den unten angegebenen ein.',
          action: 'Ihre Produkte ansehen',
          closing: 'Bewahren Sie diese E-Mail auf: Sie ist Ihr Registrierungsnachweis.',
        },
      },
      fr: {
        subject: 'Votre clé {{productName}} est enregistrée',
        blocks: {
          heading: 'Votre clé {{productName}} est enregistrée',
          intro: 'Bonjour {{recipientName}}, votre clé {{productName}} a été enregistrée pour {{customerName}}.',
          body: 'Votre licence couvre {{units}} {{unitType}} jusqu’au {{expiryDate}}. Si le produit demande un code d’activation, saisissez celui indiqué ci-dessous.',
          action: 'Voir vos produits',
          closing: 'Conservez ce message : il prouve votre enregistrement.',
        },
      },
    },
  }),

  'license-expiring': defineEvent({
    label: 'License expiring',
    description:
      "Sent to the customer a number of days before a license expires (a service plan's own expiration-notice lead time takes precedence).",
    audience: 'customer',
    variables: {
      recipientName,
      customerName,
      productName,
      planName,
      units,
      unitType,
      expiryDate,
      daysLeft: { description: 'Number of days until the license expires.', example: '30' },
      portalUrl,
    },
    timing: { kind: 'days-before-expiry', defaultDays: 30, minDays: 1, maxDays: 180 },
    action: { urlVariable: 'portalUrl' },
    defaults: {
      subject: 'Your {{productName}} license expires in {{daysLeft}} days',
      blocks: {
        heading: 'Your {{productName}} license expires on {{expiryDate}}',
        intro: 'Hello {{recipientName}}, the {{productName}} license of {{customerName}} expires in {{daysLeft}} days.',
        body: 'After {{expiryDate}} its {{units}} {{unitType}} stop working. Contact your provider to renew it.',
        action: 'Review your license',
        closing: 'If your license renews automatically, no action is needed.',
      },
    },
    translations: {
      de: {
        subject: 'Ihre {{productName}}-Lizenz läuft in {{daysLeft}} Tagen ab',
        blocks: {
          heading: 'Ihre {{productName}}-Lizenz läuft am {{expiryDate}} ab',
          intro: 'Hallo {{recipientName}}, die {{productName}}-Lizenz von {{customerName}} läuft in {{daysLeft}} Tagen ab.',
          body: 'Nach dem {{expiryDate}} funktionieren ihre {{units}} {{unitType}} nicht mehr. Wenden Sie sich an Ihren Anbieter, um sie zu verlängern.',
          action: 'Lizenz prüfen',
          closing: 'Wenn sich Ihre Lizenz automatisch verlängert, müssen Sie nichts tun.',
        },
      },
      fr: {
        subject: 'Votre licence {{productName}} expire dans {{daysLeft}} jours',
        blocks: {
          heading: 'Votre licence {{productName}} expire le {{expiryDate}}',
          intro: 'Bonjour {{recipientName}}, la licence {{productName}} de {{customerName}} expire dans {{daysLeft}} jours.',
          body: 'Après le {{expiryDate}}, ses {{units}} {{unitType}} cessent de fonctionner. Contactez votre fournisseur pour la renouveler.',
          action: 'Consulter votre licence',
          closing: 'Si votre licence se renouvelle automatiquement, vous n’avez rien à faire.',
        },
      },
    },
  }),

  'usage-report-ready': defineEvent({
    label: 'Usage report ready',
    description: "Sent to a partner when its monthly usage report has been prepared and awaits review.",
    audience: 'partner',
    variables: {
      recipientName,
      partnerName,
      cycle,
      submitBy: { description: 'Date the report is submitted automatically if not submitted before.', example: '5 November 2026' },
      customerCount: { description: 'Number of customers in the report.', example: '32' },
      reportUrl,
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'reportUrl' },
    defaults: {
      subject: 'Usage report {{cycle}} is ready for review',
      blocks: {
        heading: 'Usage report {{cycle}} is ready',
        intro: 'Hello {{recipientName}}, the usage report of {{partnerName}} for {{cycle}} covers {{customerCount}} customers.',
        body: 'Check the chargeable units, comment on every line you change, and submit the report by {{submitBy}}. After that date it is submitted as it stands.',
        action: 'Review the report',
        closing: 'Thank you for reporting on time.',
      },
    },
    translations: {
      de: {
        subject: 'Nutzungsbericht {{cycle}} ist zur Prüfung bereit',
        blocks: {
          heading: 'Nutzungsbericht {{cycle}} ist bereit',
          intro: 'Hallo {{recipientName}}, der Nutzungsbericht von {{partnerName}} für {{cycle}} umfasst {{customerCount}} Kunden.',
          body: 'Prüfen Sie die abrechenbaren Einheiten, kommentieren Sie jede Position, die Sie ändern, und reichen Sie den Bericht bis zum {{submitBy}} ein. Danach wird er so eingereicht, wie er ist.',
          action: 'Bericht prüfen',
          closing: 'Vielen Dank für Ihre pünktliche Meldung.',
        },
      },
      fr: {
        subject: 'Le rapport d’utilisation {{cycle}} est prêt à être vérifié',
        blocks: {
          heading: 'Le rapport d’utilisation {{cycle}} est prêt',
          intro: 'Bonjour {{recipientName}}, le rapport d’utilisation de {{partnerName}} pour {{cycle}} couvre {{customerCount}} clients.',
          body: 'Vérifiez les unités facturables, commentez chaque ligne que vous modifiez et soumettez le rapport avant le {{submitBy}}. Passé cette date, il est soumis en l’état.',
          action: 'Vérifier le rapport',
          closing: 'Merci de votre ponctualité.',
        },
      },
    },
  }),

  'usage-report-reminder': defineEvent({
    label: 'Usage report reminder',
    description: 'Sent to a partner two days before its usage report is submitted automatically, if it is still being prepared.',
    audience: 'partner',
    variables: {
      recipientName,
      partnerName,
      cycle,
      submitBy: { description: 'Last day to submit the report before it is submitted automatically.', example: '5 November 2026' },
      reportUrl,
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'reportUrl' },
    defaults: {
      subject: 'Usage report {{cycle}}: submit it by {{submitBy}}',
      blocks: {
        heading: 'Usage report {{cycle}} is still open',
        intro: 'Hello {{recipientName}}, the usage report of {{partnerName}} for {{cycle}} has not been submitted yet.',
        body: 'Submit it by {{submitBy}}. After that date it is submitted as it stands, and lines you lowered without a comment are charged at their provisioned units.',
        action: 'Review the report',
        closing: 'Thank you for reporting on time.',
      },
    },
    translations: {
      de: {
        subject: 'Nutzungsbericht {{cycle}}: bitte bis zum {{submitBy}} einreichen',
        blocks: {
          heading: 'Nutzungsbericht {{cycle}} ist noch offen',
          intro: 'Hallo {{recipientName}}, der Nutzungsbericht von {{partnerName}} für {{cycle}} wurde noch nicht eingereicht.',
          body: 'Reichen Sie ihn bis zum {{submitBy}} ein. Danach wird er so eingereicht, wie er ist, und Positionen, die Sie ohne Kommentar gesenkt haben, werden mit ihren bereitgestellten Einheiten berechnet.',
          action: 'Bericht prüfen',
          closing: 'Vielen Dank für Ihre pünktliche Meldung.',
        },
      },
      fr: {
        subject: 'Rapport d’utilisation {{cycle}} : à soumettre avant le {{submitBy}}',
        blocks: {
          heading: 'Le rapport d’utilisation {{cycle}} est encore ouvert',
          intro: 'Bonjour {{recipientName}}, le rapport d’utilisation de {{partnerName}} pour {{cycle}} n’a pas encore été soumis.',
          body: 'Soumettez-le avant le {{submitBy}}. Passé cette date, il est soumis en l’état, et les lignes réduites sans commentaire sont facturées à leurs unités provisionnées.',
          action: 'Vérifier le rapport',
          closing: 'Merci de votre ponctualité.',
        },
      },
    },
  }),

  'usage-report-rejected': defineEvent({
    label: 'Usage report rejected',
    description: 'Sent to a partner when its parent account rejects a submitted usage report.',
    audience: 'partner',
    variables: {
      recipientName,
      partnerName,
      cycle,
      reviewerName: { description: 'Company that reviewed and rejected the report.', example: 'Contoso Distribution' },
      rejectionComment: {
        description: "The reviewer's reason for rejecting the report.",
        example: 'Chargeable units for Harbor Dental Group are below what was used in October.',
      },
      reportUrl,
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'reportUrl' },
    defaults: {
      subject: 'Usage report {{cycle}} was rejected',
      blocks: {
        heading: 'Usage report {{cycle}} needs changes',
        intro: 'Hello {{recipientName}}, {{reviewerName}} has rejected the usage report of {{partnerName}} for {{cycle}}.',
        body: 'Their comment is below. The report is open for changes again: correct it and submit it once more.',
        action: 'Open the report',
        closing: 'Contact your parent account if anything is unclear.',
      },
    },
    translations: {
      de: {
        subject: 'Nutzungsbericht {{cycle}} wurde abgelehnt',
        blocks: {
          heading: 'Nutzungsbericht {{cycle}} muss geändert werden',
          intro: 'Hallo {{recipientName}}, {{reviewerName}} hat den Nutzungsbericht von {{partnerName}} für {{cycle}} abgelehnt.',
          body: 'Den Kommentar finden Sie unten. Der Bericht kann wieder bearbeitet werden: Korrigieren Sie ihn und reichen Sie ihn erneut ein.',
          action: 'Bericht öffnen',
          closing: 'Wenden Sie sich bei Unklarheiten an Ihr übergeordnetes Konto.',
        },
      },
      fr: {
        subject: 'Le rapport d’utilisation {{cycle}} a été rejeté',
        blocks: {
          heading: 'Le rapport d’utilisation {{cycle}} doit être corrigé',
          intro: 'Bonjour {{recipientName}}, {{reviewerName}} a rejeté le rapport d’utilisation de {{partnerName}} pour {{cycle}}.',
          body: 'Son commentaire figure ci-dessous. Le rapport est de nouveau modifiable : corrigez-le et soumettez-le une nouvelle fois.',
          action: 'Ouvrir le rapport',
          closing: 'Contactez votre compte parent pour toute question.',
        },
      },
    },
  }),

  'billing-report-ready': defineEvent({
    label: 'Billing report ready',
    description: 'Sent to the billing team of a parent account when a billing run has produced the billing report of a partner.',
    audience: 'partner',
    variables: {
      recipientName,
      partnerName,
      cycle,
      invoiceTotal: { description: 'Invoice total of the report with its currency.', example: '€12,480.50' },
      lineCount: { description: 'Number of lines in the report.', example: '118' },
      reportUrl: {
        ...reportUrl,
        example: 'https://console.keyway.example/reports/billing/2026-10',
      },
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'reportUrl' },
    defaults: {
      subject: 'Billing report {{cycle}} for {{partnerName}} is ready',
      blocks: {
        heading: 'Billing report {{cycle}} is ready',
        intro: 'Hello {{recipientName}}, the billing report of {{partnerName}} for {{cycle}} has been generated.',
        body: 'It has {{lineCount}} lines and an invoice total of {{invoiceTotal}}. Review it and submit it to the vendor.',
        action: 'Open the billing report',
        closing: 'Reports stay in draft until you submit them.',
      },
    },
    translations: {
      de: {
        subject: 'Abrechnungsbericht {{cycle}} für {{partnerName}} ist bereit',
        blocks: {
          heading: 'Abrechnungsbericht {{cycle}} ist bereit',
          intro: 'Hallo {{recipientName}}, der Abrechnungsbericht von {{partnerName}} für {{cycle}} wurde erstellt.',
          body: 'Er hat {{lineCount}} Positionen und einen Rechnungsbetrag von {{invoiceTotal}}. Prüfen Sie ihn und reichen Sie ihn beim Hersteller ein.',
          action: 'Abrechnungsbericht öffnen',
          closing: 'Berichte bleiben Entwürfe, bis Sie sie einreichen.',
        },
      },
      fr: {
        subject: 'Le rapport de facturation {{cycle}} de {{partnerName}} est prêt',
        blocks: {
          heading: 'Le rapport de facturation {{cycle}} est prêt',
          intro: 'Bonjour {{recipientName}}, le rapport de facturation de {{partnerName}} pour {{cycle}} a été généré.',
          body: 'Il compte {{lineCount}} lignes pour un total facturé de {{invoiceTotal}}. Vérifiez-le et soumettez-le à l’éditeur.',
          action: 'Ouvrir le rapport de facturation',
          closing: 'Les rapports restent à l’état de brouillon jusqu’à leur soumission.',
        },
      },
    },
  }),

  'billing-report-returned': defineEvent({
    label: 'Billing report returned',
    description: 'Sent to the billing team of a parent account when the vendor returns a submitted billing report with a comment.',
    audience: 'partner',
    variables: {
      recipientName,
      partnerName,
      cycle,
      invoiceTotal: { description: 'Invoice total of the report with its currency.', example: '€12,480.50' },
      purchaseOrder: { description: 'The PO number the report was submitted with.', example: 'PO-2026-1184' },
      reviewerName: { description: 'Company that returned the report.', example: 'Keyway' },
      returnComment: { description: "The vendor's reason for returning the report.", example: 'The PO number does not match our order.' },
      reportUrl: { ...reportUrl, example: 'https://console.keyway.example/reports/billing/2026-10' },
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'reportUrl' },
    defaults: {
      subject: 'Billing report {{cycle}} for {{partnerName}} was returned',
      blocks: {
        heading: 'Billing report {{cycle}} needs changes',
        intro: 'Hello {{recipientName}}, {{reviewerName}} has returned the billing report of {{partnerName}} for {{cycle}}.',
        body: 'Their comment is below. Correct the report and submit it to the vendor again.',
        action: 'Open the billing report',
        closing: 'Contact the vendor if anything is unclear.',
      },
    },
    translations: {
      de: {
        subject: 'Abrechnungsbericht {{cycle}} für {{partnerName}} wurde zurückgegeben',
        blocks: {
          heading: 'Abrechnungsbericht {{cycle}} muss geändert werden',
          intro: 'Hallo {{recipientName}}, {{reviewerName}} hat den Abrechnungsbericht von {{partnerName}} für {{cycle}} zurückgegeben.',
          body: 'Den Kommentar finden Sie unten. Korrigieren Sie den Bericht und reichen Sie ihn erneut beim Hersteller ein.',
          action: 'Abrechnungsbericht öffnen',
          closing: 'Wenden Sie sich bei Unklarheiten an den Hersteller.',
        },
      },
      fr: {
        subject: 'Le rapport de facturation {{cycle}} de {{partnerName}} a été renvoyé',
        blocks: {
          heading: 'Le rapport de facturation {{cycle}} doit être corrigé',
          intro: 'Bonjour {{recipientName}}, {{reviewerName}} a renvoyé le rapport de facturation de {{partnerName}} pour {{cycle}}.',
          body: 'Son commentaire figure ci-dessous. Corrigez le rapport et soumettez-le de nouveau à l’éditeur.',
          action: 'Ouvrir le rapport de facturation',
          closing: 'Contactez l’éditeur pour toute question.',
        },
      },
    },
  }),

  'billing-report-completed': defineEvent({
    label: 'Billing report completed',
    description: 'Sent to the billing team of a parent account when the vendor completes a submitted billing report.',
    audience: 'partner',
    variables: {
      recipientName,
      partnerName,
      cycle,
      invoiceTotal: { description: 'Invoice total of the report with its currency.', example: '€12,480.50' },
      purchaseOrder: { description: 'The PO number the report was submitted with.', example: 'PO-2026-1184' },
      reportUrl: { ...reportUrl, example: 'https://console.keyway.example/reports/billing/2026-10' },
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'reportUrl' },
    defaults: {
      subject: 'Billing report {{cycle}} for {{partnerName}} is completed',
      blocks: {
        heading: 'Billing report {{cycle}} is completed',
        intro: 'Hello {{recipientName}}, the vendor has completed the billing report of {{partnerName}} for {{cycle}}.',
        body: 'It is invoiced at {{invoiceTotal}} under PO number {{purchaseOrder}}. Nothing more is needed from you.',
        action: 'Open the billing report',
        closing: 'Thank you.',
      },
    },
    translations: {
      de: {
        subject: 'Abrechnungsbericht {{cycle}} für {{partnerName}} ist abgeschlossen',
        blocks: {
          heading: 'Abrechnungsbericht {{cycle}} ist abgeschlossen',
          intro: 'Hallo {{recipientName}}, der Hersteller hat den Abrechnungsbericht von {{partnerName}} für {{cycle}} abgeschlossen.',
          body: 'Er wird mit {{invoiceTotal}} unter der Bestellnummer {{purchaseOrder}} in Rechnung gestellt. Sie müssen nichts weiter tun.',
          action: 'Abrechnungsbericht öffnen',
          closing: 'Vielen Dank.',
        },
      },
      fr: {
        subject: 'Le rapport de facturation {{cycle}} de {{partnerName}} est clôturé',
        blocks: {
          heading: 'Le rapport de facturation {{cycle}} est clôturé',
          intro: 'Bonjour {{recipientName}}, l’éditeur a clôturé le rapport de facturation de {{partnerName}} pour {{cycle}}.',
          body: 'Il est facturé {{invoiceTotal}} sous le numéro de bon de commande {{purchaseOrder}}. Vous n’avez plus rien à faire.',
          action: 'Ouvrir le rapport de facturation',
          closing: 'Merci.',
        },
      },
    },
  }),

  'license-request-received': defineEvent({
    label: 'License request received',
    description: 'Sent to the parent account when one of its partners requests licenses from its license pool.',
    audience: 'partner',
    variables: {
      recipientName,
      partnerName: { description: 'Name of the partner company that requests the licenses.', example: 'Bluefin IT Services' },
      productName,
      versionType: { description: 'Trial or Full units.', example: 'Full' },
      units: { description: 'Number of units requested.', example: '250' },
      requestNote: { description: 'What the partner wrote with its request; may be empty.', example: 'Two new customers sign next week.' },
      requestsUrl: {
        description: 'Link to the License Pool page, where requests are approved or rejected.',
        example: 'https://console.keyway.example/licenses/pool',
        required: true,
      },
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'requestsUrl' },
    defaults: {
      subject: '{{partnerName}} requests {{units}} {{productName}} units',
      blocks: {
        heading: 'A license request from {{partnerName}}',
        intro: 'Hello {{recipientName}}, {{partnerName}} requests {{units}} {{versionType}} {{productName}} units from your license pool.',
        body: 'Approve the request to move the units to its pool, or reject it with a reason the partner will see.',
        action: 'Review the request',
        closing: 'The request waits in your License Pool until you decide.',
      },
    },
    translations: {
      de: {
        subject: '{{partnerName}} fordert {{units}} Einheiten {{productName}} an',
        blocks: {
          heading: 'Eine Lizenzanfrage von {{partnerName}}',
          intro: 'Hallo {{recipientName}}, {{partnerName}} fordert {{units}} Einheiten {{productName}} ({{versionType}}) aus Ihrem Lizenzpool an.',
          body: 'Genehmigen Sie die Anfrage, um die Einheiten in seinen Pool zu übertragen, oder lehnen Sie sie mit einer Begründung ab, die der Partner sieht.',
          action: 'Anfrage prüfen',
          closing: 'Die Anfrage wartet in Ihrem Lizenzpool, bis Sie entscheiden.',
        },
      },
      fr: {
        subject: '{{partnerName}} demande {{units}} unités {{productName}}',
        blocks: {
          heading: 'Une demande de licences de {{partnerName}}',
          intro: 'Bonjour {{recipientName}}, {{partnerName}} demande {{units}} unités {{productName}} ({{versionType}}) de votre pool de licences.',
          body: 'Approuvez la demande pour transférer les unités dans son pool, ou rejetez-la avec un motif que le partenaire verra.',
          action: 'Examiner la demande',
          closing: 'La demande attend dans votre pool de licences jusqu’à votre décision.',
        },
      },
    },
  }),

  'license-request-decided': defineEvent({
    label: 'License request decided',
    description: 'Sent to the partner user who requested licenses when the parent account approves or rejects the request.',
    audience: 'partner',
    variables: {
      recipientName,
      partnerName: { description: 'Name of the partner company that requested the licenses.', example: 'Bluefin IT Services' },
      parentName: { description: 'Name of the parent account that decided.', example: 'Northwind Distribution' },
      productName,
      versionType: { description: 'Trial or Full units.', example: 'Full' },
      units: { description: 'Number of units requested.', example: '250' },
      decision: { description: 'approved or rejected.', example: 'approved' },
      rejectionReason: {
        description: "The parent account's reason for rejecting the request; empty when approved.",
        example: 'Please use the units assigned last week first.',
      },
      poolUrl: {
        description: 'Link to the License Pool page.',
        example: 'https://console.keyway.example/licenses/pool',
        required: true,
      },
    },
    timing: { kind: 'none' },
    action: { urlVariable: 'poolUrl' },
    defaults: {
      subject: 'Your request for {{units}} {{productName}} units was {{decision}}',
      blocks: {
        heading: 'Your license request was {{decision}}',
        intro: 'Hello {{recipientName}}, {{parentName}} has {{decision}} the request of {{partnerName}} for {{units}} {{versionType}} {{productName}} units.',
        body: 'When a request is approved the units are already in your license pool. When it is rejected, the reason is below.',
        action: 'Open your license pool',
        closing: 'Contact your parent account if anything is unclear.',
      },
    },
    translations: {
      de: {
        subject: 'Ihre Anfrage über {{units}} Einheiten {{productName}}: {{decision}}',
        blocks: {
          heading: 'Entscheidung über Ihre Lizenzanfrage: {{decision}}',
          intro: 'Hallo {{recipientName}}, {{parentName}} hat über die Anfrage von {{partnerName}} über {{units}} Einheiten {{productName}} ({{versionType}}) entschieden: {{decision}}.',
          body: 'Wurde die Anfrage genehmigt, sind die Einheiten bereits in Ihrem Lizenzpool. Wurde sie abgelehnt, finden Sie die Begründung unten.',
          action: 'Ihren Lizenzpool öffnen',
          closing: 'Wenden Sie sich bei Unklarheiten an Ihr übergeordnetes Konto.',
        },
      },
      fr: {
        subject: 'Votre demande de {{units}} unités {{productName}} : {{decision}}',
        blocks: {
          heading: 'Décision sur votre demande de licences : {{decision}}',
          intro: 'Bonjour {{recipientName}}, {{parentName}} a statué sur la demande de {{partnerName}} portant sur {{units}} unités {{productName}} ({{versionType}}) : {{decision}}.',
          body: 'Si la demande est approuvée, les unités sont déjà dans votre pool de licences. Si elle est rejetée, le motif figure ci-dessous.',
          action: 'Ouvrir votre pool de licences',
          closing: 'Contactez votre compte parent pour toute question.',
        },
      },
    },
  }),
} satisfies { readonly [E in EmailEvent]: EmailEventDefinition };

type Definitions = typeof EMAIL_EVENT_DEFINITIONS;

export type EmailVariableName<E extends EmailEvent> = keyof Definitions[E]['variables'] & string;

/** The values a mail of event E is rendered with: plain text, one per variable. */
export type EmailVariableValues<E extends EmailEvent> = { [K in EmailVariableName<E>]: string };

/** What a caller hands in: any variable may be missing (it renders empty unless required). */
export type EmailVariableInput<E extends EmailEvent> = {
  [K in EmailVariableName<E>]?: string | number | null;
};

export function emailEventDefinition(event: EmailEvent): EmailEventDefinition {
  return EMAIL_EVENT_DEFINITIONS[event];
}

/** The variables of an event whose values must not be shown again once the mail is written. */
export function secretVariables(event: EmailEvent): string[] {
  const variables: Record<string, EmailVariableDefinition> = EMAIL_EVENT_DEFINITIONS[event].variables;
  return Object.entries(variables)
    .filter(([, definition]) => definition.secret)
    .map(([name]) => name);
}
