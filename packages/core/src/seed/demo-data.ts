import type { CompanyStatus, CompanyType } from '@keyway/db';

/**
 * The demo deployment: one vendor, two channels, an MSP and a reseller in each, customers under
 * all of them (some directly under a tier-1), the catalog and the data centers. Account names
 * double as the slugs of demo users' emails: `<role>@<account-name>.example`.
 */
export interface DemoCompany {
  name: string;
  accountName: string;
  type?: CompanyType;
  status?: CompanyStatus;
  city: string;
  country: string;
  timeZone: string;
  children?: DemoCompany[];
  customers?: DemoCustomer[];
}

export interface DemoCustomer {
  name: string;
  accountName: string;
  city: string;
  country: string;
  timeZone: string;
  status?: 'enabled' | 'disabled';
}

const c = (
  name: string,
  accountName: string,
  city: string,
  country: string,
  timeZone: string,
  status?: 'disabled',
): DemoCustomer => ({ name, accountName, city, country, timeZone, status });

export const VENDOR = {
  name: 'Keyway',
  accountName: 'keyway',
  city: 'Dublin',
  country: 'IE',
  timeZone: 'Europe/Dublin',
};

export const CHANNELS: DemoCompany[] = [
  {
    name: 'Northwind Distribution',
    accountName: 'northwind-distribution',
    type: 'distributor',
    city: 'Seattle',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    customers: [
      c('Pinecrest Medical Center', 'pinecrest-medical', 'Portland', 'US', 'America/Los_Angeles'),
      c('Lakeside Credit Union', 'lakeside-credit', 'Spokane', 'US', 'America/Los_Angeles'),
      c('Orca Marine Supply', 'orca-marine', 'Tacoma', 'US', 'America/Los_Angeles'),
      c('Cascade School District', 'cascade-schools', 'Bellevue', 'US', 'America/Los_Angeles', 'disabled'),
    ],
    children: [
      {
        name: 'Bluefin IT Services',
        accountName: 'bluefin-it',
        type: 'msp',
        city: 'San Francisco',
        country: 'US',
        timeZone: 'America/Los_Angeles',
        customers: [
          c('Acme Dental Group', 'acme-dental', 'Oakland', 'US', 'America/Los_Angeles'),
          c('Golden Gate Architects', 'golden-gate-arch', 'San Francisco', 'US', 'America/Los_Angeles'),
          c('Sequoia Law Partners', 'sequoia-law', 'Palo Alto', 'US', 'America/Los_Angeles'),
          c('Redwood Bakery Co.', 'redwood-bakery', 'Sausalito', 'US', 'America/Los_Angeles'),
          c('Mission Street Clinic', 'mission-clinic', 'San Francisco', 'US', 'America/Los_Angeles'),
          c('Bayview Logistics', 'bayview-logistics', 'Fremont', 'US', 'America/Los_Angeles', 'disabled'),
        ],
      },
      {
        name: 'Harbor Resellers',
        accountName: 'harbor-resellers',
        type: 'reseller',
        city: 'Boston',
        country: 'US',
        timeZone: 'America/New_York',
        customers: [
          c('Beacon Hill Accounting', 'beacon-accounting', 'Boston', 'US', 'America/New_York'),
          c('Charles River Labs Supply', 'charles-river-supply', 'Cambridge', 'US', 'America/New_York'),
          c('Quincy Auto Parts', 'quincy-auto', 'Quincy', 'US', 'America/New_York'),
          c('Salem Historical Society', 'salem-history', 'Salem', 'US', 'America/New_York'),
          c('Cape Cod Realty', 'cape-cod-realty', 'Hyannis', 'US', 'America/New_York'),
          c('Fenway Fitness Clubs', 'fenway-fitness', 'Boston', 'US', 'America/New_York'),
        ],
      },
    ],
  },
  {
    name: 'Contoso Networks',
    accountName: 'contoso-networks',
    type: 'isp',
    city: 'Munich',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    customers: [
      c('Alpenblick Hotels', 'alpenblick-hotels', 'Garmisch', 'DE', 'Europe/Berlin'),
      c('Isar Versicherung', 'isar-versicherung', 'Munich', 'DE', 'Europe/Berlin'),
      c('Brenner Transport', 'brenner-transport', 'Innsbruck', 'AT', 'Europe/Vienna'),
      c('Bavaria Craft Brewers', 'bavaria-brewers', 'Augsburg', 'DE', 'Europe/Berlin'),
    ],
    children: [
      {
        name: 'Summit Managed Services',
        accountName: 'summit-msp',
        type: 'msp',
        city: 'Vienna',
        country: 'AT',
        timeZone: 'Europe/Vienna',
        customers: [
          c('Globex Logistics', 'globex', 'Vienna', 'AT', 'Europe/Vienna'),
          c('Danube Pharma', 'danube-pharma', 'Linz', 'AT', 'Europe/Vienna'),
          c('Kaffeehaus Central', 'kaffeehaus-central', 'Vienna', 'AT', 'Europe/Vienna'),
          c('Tirol Ski Schools', 'tirol-ski', 'Innsbruck', 'AT', 'Europe/Vienna'),
          c('Graz Engineering', 'graz-engineering', 'Graz', 'AT', 'Europe/Vienna'),
          c('Salzburg Festival Tickets', 'salzburg-tickets', 'Salzburg', 'AT', 'Europe/Vienna', 'disabled'),
        ],
      },
      {
        name: 'Redwood Reseller',
        accountName: 'redwood-reseller',
        type: 'reseller',
        city: 'Zurich',
        country: 'CH',
        timeZone: 'Europe/Zurich',
        customers: [
          c('Helvetia Watches', 'helvetia-watches', 'Geneva', 'CH', 'Europe/Zurich'),
          c('Matterhorn Outdoor', 'matterhorn-outdoor', 'Zermatt', 'CH', 'Europe/Zurich'),
          c('Limmat Consulting', 'limmat-consulting', 'Zurich', 'CH', 'Europe/Zurich'),
          c('Bern Civic Library', 'bern-library', 'Bern', 'CH', 'Europe/Zurich'),
          c('Lugano Private Bank', 'lugano-bank', 'Lugano', 'CH', 'Europe/Zurich'),
          c('Basel Biotech Labs', 'basel-biotech', 'Basel', 'CH', 'Europe/Zurich'),
        ],
      },
    ],
  },
];

export const PRODUCTS = [
  {
    code: 'CE',
    name: 'Cloud Email Security',
    description: 'Filters inbound and outbound mail for hosted mailboxes.',
    unitTypes: ['mailbox'],
    saas: true,
    needsActivationCode: false,
    reportsUsage: true,
  },
  {
    code: 'EP',
    name: 'Endpoint Protection',
    description: 'Protects desktops, laptops and mobile devices.',
    unitTypes: ['device', 'user'],
    saas: true,
    needsActivationCode: false,
    reportsUsage: true,
  },
  {
    code: 'WG',
    name: 'Web Gateway',
    description: 'Secure web access for users in the office and on the road.',
    unitTypes: ['user'],
    saas: true,
    needsActivationCode: false,
    reportsUsage: true,
  },
  {
    code: 'SS',
    name: 'Server Security',
    description: 'Installed protection for physical and virtual servers.',
    unitTypes: ['server'],
    saas: false,
    needsActivationCode: true,
    reportsUsage: false,
  },
  {
    code: 'BK',
    name: 'Cloud Backup',
    description: 'Backs up endpoints and mailboxes to a regional data center.',
    unitTypes: ['device', 'mailbox'],
    saas: true,
    needsActivationCode: false,
    reportsUsage: true,
  },
  {
    code: 'AV',
    name: 'Classic Antivirus',
    description: 'The installed antivirus Endpoint Protection replaced; no longer sold.',
    unitTypes: ['device'],
    saas: false,
    needsActivationCode: true,
    reportsUsage: false,
    enabled: false,
  },
];

export const DATA_CENTERS = [
  { code: 'us-east', name: 'US East (Virginia)', region: 'us', endpoint: 'https://us-east.keyway.example' },
  { code: 'eu-central', name: 'EU Central (Frankfurt)', region: 'eu', endpoint: 'https://eu-central.keyway.example' },
  { code: 'ap-southeast', name: 'Asia Pacific (Singapore)', region: 'apac', endpoint: 'https://ap-southeast.keyway.example' },
  { code: 'jp-east', name: 'Japan East (Tokyo)', region: 'jp', endpoint: 'https://jp-east.keyway.example' },
];
