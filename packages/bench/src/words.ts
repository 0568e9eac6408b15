/**
 * Vocabulary for company and contact names. Word frequencies matter more than the words: the
 * search benchmark needs rare strings (coined brand names), common words (industry words,
 * weighted), and everything between.
 */

export const BRAND_WORDS = [
  'North', 'South', 'East', 'West', 'Blue', 'Red', 'Green', 'Silver', 'Golden', 'Black', 'White',
  'Bright', 'Clear', 'Summit', 'Apex', 'Atlas', 'Beacon', 'Harbor', 'Pine', 'Cedar', 'Oak', 'Maple',
  'Granite', 'Iron', 'Copper', 'Crystal', 'Coastal', 'Valley', 'River', 'Lake', 'Meadow', 'Prairie',
  'Canyon', 'Mesa', 'Ridge', 'Highland', 'Lowland', 'Alpine', 'Polar', 'Solar', 'Lunar', 'Stellar',
  'Nova', 'Vertex', 'Vector', 'Pixel', 'Quantum', 'Fusion', 'Core', 'Prime', 'Pinnacle', 'Keystone',
  'Cornerstone', 'Landmark', 'Heritage', 'Legacy', 'Pioneer', 'Frontier', 'Horizon', 'Compass',
  'Anchor', 'Lighthouse', 'Falcon', 'Eagle', 'Hawk', 'Raven', 'Fox', 'Wolf', 'Bear', 'Lion', 'Tiger',
  'Orchid', 'Lotus', 'Willow', 'Birch', 'Aspen', 'Sequoia', 'Redwood', 'Evergreen', 'Sunrise',
  'Sunset', 'Twilight', 'Midnight', 'Morning', 'Harvest', 'Spring', 'Autumn', 'Winter', 'Crown',
  'Royal', 'Regal', 'Noble', 'Liberty', 'Union', 'Metro', 'Urban', 'Civic', 'Central', 'United',
  'Global', 'Pacific', 'Atlantic', 'Nordic', 'Baltic', 'Alpen', 'Danube', 'Rhine', 'Thames',
  'Hudson', 'Sierra', 'Rocky', 'Emerald', 'Sapphire', 'Ruby', 'Amber', 'Ivory', 'Onyx', 'Jade',
  'Swift', 'Rapid', 'Agile', 'Smart', 'True', 'Trust', 'Safe', 'Secure', 'Solid', 'Steady', 'First',
  'Premier', 'Elite', 'Select', 'Classic', 'Modern', 'Next', 'Future', 'Bold', 'Blueprint', 'Signal',
] as const;

/** Joined to a brand word without a space: "Silver" + "creek" → "Silvercreek". */
export const NATURE_SUFFIXES = [
  'wind', 'creek', 'field', 'stone', 'brook', 'wood', 'gate', 'bridge', 'peak', 'point', 'view',
  'wave', 'light', 'star', 'line', 'path', 'port', 'vale', 'ford', 'hill', 'rock', 'shore', 'dale',
] as const;

/** Industry words with weights: "Systems" and "Solutions" are everywhere, "Robotics" is not. */
export const INDUSTRY_WORDS: readonly (readonly [string, number])[] = [
  ['Systems', 30], ['Solutions', 30], ['Services', 24], ['Group', 20], ['Technologies', 18],
  ['Consulting', 16], ['Partners', 12], ['Holdings', 10], ['Logistics', 10], ['Construction', 10],
  ['Engineering', 9], ['Trading', 8], ['Industries', 8], ['Dental', 7], ['Legal', 7], ['Media', 7],
  ['Health', 7], ['Clinic', 6], ['Realty', 6], ['Properties', 6], ['Motors', 5], ['Automotive', 5],
  ['Bakery', 4], ['Foods', 6], ['Catering', 4], ['Restaurant', 5], ['Hotel', 4], ['Hospitality', 3],
  ['Print', 3], ['Design', 6], ['Studio', 6], ['Architects', 4], ['Accounting', 6], ['Tax Advisors', 4],
  ['Insurance', 5], ['Finance', 5], ['Capital', 5], ['Pharmacy', 4], ['Veterinary', 3], ['Fitness', 3],
  ['Academy', 3], ['School', 3], ['Education', 3], ['Travel', 3], ['Electric', 4], ['Plumbing', 4],
  ['Roofing', 3], ['Landscaping', 3], ['Marine', 2], ['Textiles', 2], ['Furniture', 3], ['Retail', 4],
  ['Supply', 4], ['Tools', 2], ['Metalworks', 2], ['Robotics', 1], ['Analytics', 3], ['Software', 5],
  ['Networks', 4], ['Security', 4], ['Energy', 4], ['Farms', 3], ['Winery', 1], ['Brewing', 2],
  ['Labs', 4], ['Medical', 4], ['Care', 3], ['Home Care', 2], ['Transport', 4], ['Freight', 2],
  ['Cleaning', 3], ['Staffing', 2], ['Recruitment', 2], ['Marketing', 5], ['Communications', 3],
];

/** Industry words that tier-2 partners (MSPs, resellers) use. */
export const PARTNER_WORDS: readonly (readonly [string, number])[] = [
  ['IT Services', 20], ['Managed Services', 12], ['Systems', 15], ['Solutions', 15], ['Networks', 10],
  ['Technologies', 10], ['Computers', 8], ['IT', 8], ['Cloud', 6], ['Digital', 6], ['Data', 6],
  ['Cyber', 4], ['Tech', 8], ['Infotech', 4], ['Integrators', 3], ['Consulting', 6],
];

/** Legal forms by country; the empty string is "no legal form in the name". */
export const LEGAL_FORMS: Record<string, readonly string[]> = {
  US: ['Inc.', 'LLC', 'Corp.', 'Co.', ''],
  GB: ['Ltd', 'Ltd', 'Limited', 'LLP', 'plc', ''],
  DE: ['GmbH', 'GmbH', 'GmbH & Co. KG', 'AG', 'e.K.', 'UG', ''],
  FR: ['SAS', 'SARL', 'SA', ''],
  IT: ['S.r.l.', 'S.p.A.', 'S.n.c.', ''],
  ES: ['S.L.', 'S.A.', ''],
  NL: ['B.V.', 'B.V.', 'N.V.', ''],
  SE: ['AB', 'AB', ''],
  AU: ['Pty Ltd', 'Pty Ltd', ''],
  CA: ['Inc.', 'Ltd.', ''],
  PL: ['Sp. z o.o.', 'S.A.', ''],
  AT: ['GmbH', 'KG', ''],
};

export interface Country {
  code: string;
  tld: string;
  timeZone: string;
  language: string;
  cities: readonly string[];
  phonePrefix: string;
}

export const COUNTRIES: readonly Country[] = [
  { code: 'US', tld: 'com', timeZone: 'America/New_York', language: 'en', phonePrefix: '+1', cities: ['New York', 'Chicago', 'Austin', 'Denver', 'Seattle', 'Atlanta', 'Boston', 'Phoenix'] },
  { code: 'GB', tld: 'co.uk', timeZone: 'Europe/London', language: 'en', phonePrefix: '+44', cities: ['London', 'Manchester', 'Leeds', 'Bristol', 'Glasgow', 'Cardiff'] },
  { code: 'DE', tld: 'de', timeZone: 'Europe/Berlin', language: 'de', phonePrefix: '+49', cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt', 'Stuttgart', 'Leipzig'] },
  { code: 'FR', tld: 'fr', timeZone: 'Europe/Paris', language: 'fr', phonePrefix: '+33', cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Lille'] },
  { code: 'IT', tld: 'it', timeZone: 'Europe/Rome', language: 'it', phonePrefix: '+39', cities: ['Milano', 'Roma', 'Torino', 'Bologna', 'Napoli', 'Firenze'] },
  { code: 'ES', tld: 'es', timeZone: 'Europe/Madrid', language: 'es', phonePrefix: '+34', cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao'] },
  { code: 'NL', tld: 'nl', timeZone: 'Europe/Amsterdam', language: 'nl', phonePrefix: '+31', cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven', 'Den Haag'] },
  { code: 'SE', tld: 'se', timeZone: 'Europe/Stockholm', language: 'sv', phonePrefix: '+46', cities: ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala'] },
  { code: 'AU', tld: 'com.au', timeZone: 'Australia/Sydney', language: 'en', phonePrefix: '+61', cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth', 'Adelaide'] },
  { code: 'CA', tld: 'ca', timeZone: 'America/Toronto', language: 'en', phonePrefix: '+1', cities: ['Toronto', 'Vancouver', 'Montréal', 'Calgary', 'Ottawa'] },
  { code: 'PL', tld: 'pl', timeZone: 'Europe/Warsaw', language: 'pl', phonePrefix: '+48', cities: ['Warszawa', 'Kraków', 'Wrocław', 'Gdańsk', 'Poznań'] },
  { code: 'AT', tld: 'at', timeZone: 'Europe/Vienna', language: 'de', phonePrefix: '+43', cities: ['Wien', 'Graz', 'Linz', 'Salzburg', 'Innsbruck'] },
];

export const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Susan', 'Richard', 'Jessica', 'Joseph', 'Sarah', 'Thomas', 'Karen', 'Daniel', 'Lisa',
  'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily', 'Paul', 'Michelle',
  'Andrew', 'Amanda', 'Joshua', 'Melissa', 'Kevin', 'Laura', 'Brian', 'Rebecca', 'George', 'Anna',
  'Oliver', 'Olivia', 'Harry', 'Amelia', 'Jack', 'Isla', 'Noah', 'Emma', 'Lukas', 'Mia', 'Leon',
  'Hannah', 'Felix', 'Lena', 'Jonas', 'Sophie', 'Maximilian', 'Lea', 'Paul', 'Marie', 'Hugo', 'Chloé',
  'Louis', 'Camille', 'Jules', 'Manon', 'Lucas', 'Inès', 'Marco', 'Giulia', 'Luca', 'Francesca',
  'Matteo', 'Chiara', 'Alessandro', 'Sara', 'Javier', 'Lucía', 'Carlos', 'Carmen', 'Pablo', 'Elena',
  'Daan', 'Sanne', 'Bram', 'Fleur', 'Erik', 'Astrid', 'Lars', 'Ingrid', 'Nils', 'Karin', 'Piotr',
  'Agnieszka', 'Tomasz', 'Katarzyna', 'Jakub', 'Magdalena', 'Liam', 'Charlotte', 'Ethan', 'Grace',
  'Aiden', 'Chloe', 'Ryan', 'Zoe', 'Nathan', 'Ava', 'Samuel', 'Ella', 'Henry', 'Ruby', 'Oscar', 'Ivy',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez',
  'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson',
  'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell',
  'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards',
  'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Reed', 'Bailey',
  'Kelly', 'Howard', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Wood', 'Bennett', 'Gray',
  'Hughes', 'Price', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Powell', 'Jenkins',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz',
  'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Huber', 'Bauer',
  'Martin', 'Bernard', 'Dubois', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre',
  'Michel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino',
  'Greco', 'Bruno', 'Gallo', 'Conti', 'DeLuca', 'Costa', 'Giordano', 'Mancini', 'Rizzo', 'Lombardi',
  'Fernández', 'González', 'Sánchez', 'Pérez', 'Gómez', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez',
  'Romero', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano', 'Molina',
  'deJong', 'Jansen', 'deVries', 'vanDijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos',
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson',
  'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński',
  'Nguyen', 'Tran', 'Kim', 'Park', 'Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Singh', 'Kumar', 'Shah',
  "O'Brien", "O'Connor", 'McDonald', 'MacLeod', 'Fitzgerald', 'Sullivan', 'Byrne', 'Walsh', 'Ryan',
] as const;

/** Syllables for coined brand names ("Zorvexa", "Kalinor"): a few occurrences each in a million rows. */
export const SYLLABLES = [
  'ka', 'zo', 'vex', 'ri', 'ta', 'lo', 'mi', 'nor', 'qua', 'ven', 'tra', 'lu', 'xi', 'bel', 'dor',
  'fen', 'gar', 'hal', 'jin', 'kor', 'lem', 'mar', 'nex', 'ori', 'pax', 'quin', 'ros', 'sol', 'tav',
  'ul', 'vor', 'wex', 'yan', 'zel', 'ar', 'bri', 'cor', 'dax', 'el', 'fi', 'gen', 'hex', 'iso', 'jor',
  'kin', 'lyr', 'mox', 'nav', 'om', 'pry',
] as const;

export const COINED_ENDINGS = ['', '', '', 'a', 'o', 'ia', 'ix', 'io', 'us', 'on', 'ly', 'era', 'ium', 'eon'] as const;

export const FREEMAIL = [
  'gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'outlook.com', 'hotmail.com', 'yahoo.com',
  'icloud.com', 'gmx.de', 'web.de', 'orange.fr', 'libero.it', 'proton.me',
] as const;

/** Shared mailboxes small companies give as their contact address. */
export const ROLE_MAILBOXES = ['info', 'office', 'it', 'admin', 'contact', 'hello', 'accounts', 'support'] as const;

/** The 20 tier-1 channels: distributors and ISPs, each based in one country. */
export const TIER1_NAMES: readonly (readonly [name: string, type: 'distributor' | 'isp', country: string])[] = [
  ['Northwind Distribution', 'distributor', 'US'],
  ['Albion Channel Partners', 'distributor', 'GB'],
  ['Rheinland Distribution', 'distributor', 'DE'],
  ['Telco Uno', 'isp', 'IT'],
  ['Lumen Fibre', 'isp', 'GB'],
  ['Hexagon Software Distribution', 'distributor', 'NL'],
  ['Iberia Cloud Distribution', 'distributor', 'ES'],
  ['Gallia Networks', 'isp', 'FR'],
  ['Pacific Rim Distribution', 'distributor', 'AU'],
  ['Maple Broadband', 'isp', 'CA'],
  ['Vistula Telecom', 'isp', 'PL'],
  ['Nordic Licensing', 'distributor', 'SE'],
  ['Alpen Digital', 'distributor', 'AT'],
  ['Great Lakes Distribution', 'distributor', 'US'],
  ['Bavaria Connect', 'isp', 'DE'],
  ['Sunbelt Software Supply', 'distributor', 'US'],
  ['Provence Telecom', 'isp', 'FR'],
  ['Lombardia Distribuzione', 'distributor', 'IT'],
  ['Celtic Broadband', 'isp', 'GB'],
  ['Cascadia Channel', 'distributor', 'CA'],
];
