import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { closeDb, createDb, migrateDb, users, type CompanyKind } from '@keyway/db';
import { stampsFor, type Stamps } from '@keyway/core/tenancy';
import { Prng, WeightedPicker } from './prng.ts';
import { BENCH_DATABASE, databaseExists, recreateDatabase, type BenchServer } from './server.ts';
import {
  BRAND_WORDS,
  COINED_ENDINGS,
  COUNTRIES,
  FIRST_NAMES,
  FREEMAIL,
  INDUSTRY_WORDS,
  LAST_NAMES,
  LEGAL_FORMS,
  NATURE_SUFFIXES,
  PARTNER_WORDS,
  ROLE_MAILBOXES,
  SYLLABLES,
  TIER1_NAMES,
  type Country,
} from './words.ts';

/** Bump whenever the generator's output changes, so that an old data set is regenerated. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 1127;

export const CUSTOMERS = 1_000_000;
export const PARTNERS = 10_000;
export const CHANNELS = TIER1_NAMES.length;
/** Share of customers that hang directly under a tier-1 rather than under a tier-2. */
const DIRECT_CUSTOMER_SHARE = 0.15;

/** Strings taken from one generated customer, so the benchmark can search for something that exists. */
export interface Probes {
  /** The coined brand word of one customer's name without its first letter: a rare substring. */
  rare: string;
  /** That customer's contact email up to and including the `@`. */
  email: string;
  /** That customer's account name, exactly. */
  account: string;
  /** That customer's full name, for the printout. */
  name: string;
}

export interface Dataset {
  version: number;
  seed: number;
  customers: number;
  partners: number;
  channels: number;
  /** The largest tier-1 channel, whose administrator the benchmark acts as. */
  benchChannelId: string;
  actorUserId: string;
  probes: Probes;
  seconds: number;
  generatedAt: Date;
}

/** The data set recorded in `keyway_bench`, or null when there is none (or it is incomplete). */
export async function readDataset(server: BenchServer): Promise<Dataset | null> {
  if (!(await databaseExists(server.adminUrl, BENCH_DATABASE))) return null;
  const sql = postgres(server.url, { max: 1, onnotice: () => {} });
  try {
    const [table] = await sql`select to_regclass('bench.dataset') is not null as present`;
    if (!table?.present) return null;
    const [row] = await sql`
      select version, seed, customers, partners, channels, bench_channel_id, actor_user_id,
             probes, seconds, generated_at
      from bench.dataset`;
    if (!row) return null;
    return {
      version: row.version,
      seed: Number(row.seed),
      customers: row.customers,
      partners: row.partners,
      channels: row.channels,
      benchChannelId: row.bench_channel_id,
      actorUserId: row.actor_user_id,
      probes: row.probes,
      seconds: Number(row.seconds),
      generatedAt: row.generated_at,
    };
  } finally {
    await sql.end();
  }
}

export interface EnsureOptions {
  seed: number;
  force: boolean;
}

/**
 * Makes sure `keyway_bench` holds the data set of `seed` made by this generator version:
 * leaves a matching one alone (unless forced), otherwise rebuilds the database from scratch.
 */
export async function ensureDataset(server: BenchServer, options: EnsureOptions): Promise<Dataset> {
  const existing = await readDataset(server);
  if (existing && !options.force) {
    if (existing.seed === options.seed && existing.version === GENERATOR_VERSION) {
      console.log(
        `Data set already there: seed ${existing.seed}, generated ${existing.generatedAt.toISOString()} ` +
          `in ${existing.seconds.toFixed(1)} s. Pass --force to generate it again.`,
      );
      return existing;
    }
    console.log(
      `The data set there has seed ${existing.seed} (generator v${existing.version}); ` +
        `generating seed ${options.seed} (v${GENERATOR_VERSION}) instead.`,
    );
  }
  return generateDataset(server, options.seed);
}

/**
 * Applies the migrations added since the data set was made (a table, an index, a back-fill), as
 * an upgrade would in production, so a data set kept between runs measures the code of today.
 */
export async function migrateDataset(server: BenchServer): Promise<void> {
  const db = createDb(server.url, { max: 1 });
  try {
    await migrateDb(db);
  } finally {
    await closeDb(db);
  }
}

interface Company {
  id: string;
  kind: CompanyKind;
  stamps: Stamps;
  country: Country;
}

interface Channel extends Company {
  name: string;
  accountName: string;
  type: 'distributor' | 'isp';
  /** Account names taken within the channel (tier-2s and customers share one namespace). */
  taken: Map<string, number>;
}

interface Partner extends Company {
  channel: Channel;
}

const COLUMNS = [
  'id', 'kind', 'type', 'parent_id', 'channel_id', 'partner_id', 'customer_id', 'name',
  'account_name', 'status', 'contact_name', 'contact_email', 'phone', 'city', 'country',
  'time_zone', 'language', 'pool_refill_allowed', 'created_at', 'updated_at',
] as const;
type Row = Record<(typeof COLUMNS)[number], string | null>;

const SIX_YEARS_MS = 6 * 365 * 24 * 60 * 60 * 1000;
/** A fixed "now", so that timestamps are reproducible too. */
const EPOCH = Date.UTC(2026, 10, 1);

async function generateDataset(server: BenchServer, seed: number): Promise<Dataset> {
  const started = performance.now();
  const phase = phaseClock();
  console.log(
    `Generating ${CUSTOMERS.toLocaleString('en')} customers and ${PARTNERS.toLocaleString('en')} ` +
      `tier-2 partners in ${CHANNELS} channels, seed ${seed}, into ${server.description}.`,
  );

  await recreateDatabase(server.adminUrl, BENCH_DATABASE);
  const db = createDb(server.url, { max: 1 });
  await migrateDb(db);
  phase('database created and migrated');

  const sql = postgres(server.url, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: 'keyway-bench', maintenance_work_mem: '1GB' },
  });
  try {
    // Building the indexes once after the load is several times faster than maintaining them
    // row by row; their definitions are read back from the migrated schema, so they stay exact.
    const indexes = await sql<{ name: string; definition: string }[]>`
      select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
      from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = 'companies'::regclass
        and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`;
    const foreignKeys = await sql<{ name: string; definition: string }[]>`
      select conname as name, pg_get_constraintdef(oid) as definition
      from pg_constraint where conrelid = 'companies'::regclass and contype = 'f'`;
    for (const fk of foreignKeys) await sql.unsafe(`alter table companies drop constraint ${fk.name}`);
    for (const index of indexes) await sql.unsafe(`drop index ${index.name}`);

    const generator = new CompanyGenerator(seed);
    const copy = await sql.unsafe(`copy companies (${COLUMNS.join(', ')}) from stdin`).writable();
    await pipeline(Readable.from(generator.chunks()), copy);
    phase(`${generator.rows.toLocaleString('en')} companies generated and copied`);

    // Two connections, two cores: the trigram index (the slow one) beside the b-trees.
    const gin = indexes.filter((i) => /using gin/i.test(i.definition));
    const rest = indexes.filter((i) => !/using gin/i.test(i.definition));
    const build = async (list: readonly { definition: string }[]) => {
      for (const index of list) await sql.unsafe(index.definition);
    };
    await Promise.all([build(gin), build(rest)]);
    for (const fk of foreignKeys) {
      await sql.unsafe(`alter table companies add constraint ${fk.name} ${fk.definition}`);
    }
    phase(`${indexes.length} indexes and ${foreignKeys.length} foreign key rebuilt`);

    const admins = generator.channels.map((channel) => ({
      companyId: channel.id,
      ...channel.stamps,
      email: `admin@${channel.accountName}.example`,
      name: `Administrator, ${channel.name}`,
      role: 'admin' as const,
    }));
    const inserted = await db.insert(users).values(admins).returning({ id: users.id, companyId: users.companyId });
    const benchChannel = generator.largestChannel();
    const actor = inserted.find((u) => u.companyId === benchChannel.id);
    if (!actor) throw new Error('The administrator of the benchmark channel was not inserted.');

    await sql`vacuum (analyze) companies`;
    await sql`analyze users`;
    phase('vacuumed and analyzed');

    const probes = generator.probes;
    if (!probes) throw new Error('No customer qualified as the search probe; the generator is broken.');
    const seconds = (performance.now() - started) / 1000;
    const dataset: Dataset = {
      version: GENERATOR_VERSION,
      seed,
      customers: CUSTOMERS,
      partners: PARTNERS,
      channels: CHANNELS,
      benchChannelId: benchChannel.id,
      actorUserId: actor.id,
      probes,
      seconds,
      generatedAt: new Date(),
    };
    // Written last: a data set without this row is an interrupted one and gets regenerated.
    await sql`create schema bench`;
    await sql`
      create table bench.dataset (
        version int not null, seed bigint not null, customers int not null, partners int not null,
        channels int not null, bench_channel_id uuid not null, actor_user_id uuid not null,
        probes jsonb not null, seconds numeric not null, generated_at timestamptz not null)`;
    await sql`
      insert into bench.dataset values (
        ${dataset.version}, ${dataset.seed}, ${dataset.customers}, ${dataset.partners},
        ${dataset.channels}, ${dataset.benchChannelId}, ${dataset.actorUserId},
        ${JSON.stringify(probes)}::text::jsonb, ${seconds}, ${dataset.generatedAt})`;
    const [size] = await sql`select pg_size_pretty(pg_database_size(current_database())) as size`;
    console.log(`Data set ready in ${seconds.toFixed(1)} s; database size ${size?.size}.`);
    return dataset;
  } finally {
    await sql.end();
    await closeDb(db);
  }
}

function phaseClock(): (label: string) => void {
  let last = performance.now();
  return (label) => {
    const now = performance.now();
    console.log(`  ${((now - last) / 1000).toFixed(1).padStart(6)} s  ${label}`);
    last = now;
  };
}

/** The deterministic part: everything below depends on the seed and nothing else. */
class CompanyGenerator {
  private readonly prng: Prng;
  readonly channels: Channel[] = [];
  private readonly partners: Partner[] = [];
  private readonly industry: WeightedPicker;
  private readonly partnerIndustry: WeightedPicker;
  private readonly channelPicker: WeightedPicker;
  private readonly customersPerChannel: number[] = [];
  probes: Probes | null = null;
  rows = 0;

  constructor(seed: number) {
    this.prng = new Prng(seed);
    this.industry = new WeightedPicker(INDUSTRY_WORDS.map(([, w]) => w));
    this.partnerIndustry = new WeightedPicker(PARTNER_WORDS.map(([, w]) => w));
    // Channel sizes follow a Zipf-like curve: the first channel holds about a fifth of all
    // customers, the last one about 2 %.
    this.channelPicker = new WeightedPicker(TIER1_NAMES.map((_, i) => 1 / (i + 1) ** 0.8));
  }

  largestChannel(): Channel {
    let best = 0;
    this.customersPerChannel.forEach((n, i) => {
      if (n > (this.customersPerChannel[best] ?? 0)) best = i;
    });
    return this.channels[best] as Channel;
  }

  /** COPY text chunks of a few thousand rows each, produced lazily so memory stays flat. */
  *chunks(): Generator<string> {
    let buffer: string[] = [];
    const flush = () => {
      const chunk = buffer.join('');
      buffer = [];
      return chunk;
    };
    for (const row of this.companies()) {
      buffer.push(copyLine(row));
      this.rows++;
      if (buffer.length >= 4000) yield flush();
    }
    if (buffer.length > 0) yield flush();
  }

  private *companies(): Generator<Row> {
    const p = this.prng;
    const vendorId = p.uuid();
    const vendor = { kind: 'vendor' as const, id: vendorId, ...stampsFor('vendor', vendorId, null) };
    yield this.row({
      id: vendorId, kind: 'vendor', parent: null, stamps: vendor, name: 'Keyway Software',
      accountName: 'keyway', status: 'active', country: COUNTRIES[0] as Country, type: null,
    });

    for (const [name, type, countryCode] of TIER1_NAMES) {
      const id = p.uuid();
      const country = COUNTRIES.find((c) => c.code === countryCode) as Country;
      const channel: Channel = {
        id, kind: 'tier1', stamps: stampsFor('tier1', id, vendor), country, name, type,
        accountName: slug(name), taken: new Map(),
      };
      this.channels.push(channel);
      this.customersPerChannel.push(0);
      yield this.row({
        id, kind: 'tier1', parent: vendor, stamps: channel.stamps, name, type,
        accountName: channel.accountName, status: 'active', country,
      });
    }

    const partnerWeights: number[] = [];
    for (let i = 0; i < PARTNERS; i++) {
      const channel = this.channels[this.channelPicker.pick(p)] as Channel;
      const id = p.uuid();
      const stamps = stampsFor('tier2', id, { kind: 'tier1', id: channel.id, ...channel.stamps });
      const country = this.countryNear(channel);
      const name = this.name(country, true);
      const partner: Partner = { id, kind: 'tier2', stamps, country, channel };
      this.partners.push(partner);
      // Log-normal: most partners serve a few dozen customers, a few serve thousands.
      partnerWeights.push(Math.exp(1.3 * p.normal()));
      yield this.row({
        id, kind: 'tier2', parent: channel, stamps,
        name: name.full, type: p.chance(0.6) ? 'msp' : 'reseller',
        accountName: this.accountName(channel, name.base),
        status: pickStatus(p, [['active', 0.92], ['suspended', 0.05], ['canceled', 0.03]]),
        country, poolRefill: p.chance(0.3),
      });
    }

    const partnerPicker = new WeightedPicker(partnerWeights);
    for (let i = 0; i < CUSTOMERS; i++) {
      let parent: Company;
      let channel: Channel;
      if (p.chance(DIRECT_CUSTOMER_SHARE)) {
        channel = this.channels[this.channelPicker.pick(p)] as Channel;
        parent = channel;
      } else {
        const partner = this.partners[partnerPicker.pick(p)] as Partner;
        channel = partner.channel;
        parent = partner;
      }
      const channelIndex = this.channels.indexOf(channel);
      this.customersPerChannel[channelIndex] = (this.customersPerChannel[channelIndex] ?? 0) + 1;
      const id = p.uuid();
      const stamps = stampsFor('customer', id, { kind: parent.kind, id: parent.id, ...parent.stamps });
      const country = p.chance(0.85) ? parent.country : this.countryNear(channel);
      const name = this.name(country, false);
      const accountName = this.accountName(channel, name.base);
      const contact = this.contact(name.base, country);
      const row = this.row({
        id, kind: 'customer', parent, stamps, name: name.full, type: null, accountName, contact,
        status: pickStatus(p, [['enabled', 0.94], ['disabled', 0.06]]), country,
      });
      // One customer of the first (largest) channel, late in the load, with a long coined brand
      // (rare: a handful of rows in a million) and a personal contact address, lends its strings
      // to the benchmark queries.
      if (
        !this.probes &&
        channelIndex === 0 &&
        i >= CUSTOMERS / 2 &&
        name.coined &&
        name.coined.length >= 9 &&
        contact.personal
      ) {
        this.probes = {
          rare: name.coined.slice(1).toLowerCase(),
          email: `${contact.email.split('@')[0]}@`,
          account: accountName,
          name: name.full,
        };
      }
      yield row;
    }
  }

  private countryNear(channel: Channel): Country {
    return this.prng.chance(0.8) ? channel.country : this.prng.pick(COUNTRIES);
  }

  /** A company name; `base` is the name without its legal form (for account names and domains). */
  private name(country: Country, partner: boolean): { full: string; base: string; coined: string | null } {
    const p = this.prng;
    const industry = partner
      ? (PARTNER_WORDS[this.partnerIndustry.pick(p)] as readonly [string, number])[0]
      : (INDUSTRY_WORDS[this.industry.pick(p)] as readonly [string, number])[0];
    let base: string;
    let coined: string | null = null;
    const shape = p.float();
    if (shape < 0.28) base = `${p.pick(BRAND_WORDS)} ${industry}`;
    else if (shape < 0.4) base = `${p.pick(BRAND_WORDS)}${p.pick(NATURE_SUFFIXES)} ${industry}`;
    else if (shape < 0.62) {
      coined = this.coined();
      base = `${coined} ${industry}`;
    } else if (shape < 0.7) {
      coined = this.coined();
      base = coined;
    } else if (shape < 0.88) base = `${p.pick(LAST_NAMES)} ${industry}`;
    else if (shape < 0.95) {
      base = `${p.pick(LAST_NAMES)} & ${p.pick(LAST_NAMES)}${p.chance(0.3) ? ' Partners' : ''}`;
    } else base = `${p.pick(FIRST_NAMES)} ${p.pick(LAST_NAMES)} ${industry}`;
    const forms = LEGAL_FORMS[country.code] ?? [''];
    const form = p.chance(0.65) ? p.pick(forms) : '';
    return { full: form ? `${base} ${form}` : base, base, coined };
  }

  private coined(): string {
    const p = this.prng;
    const count = p.chance(0.55) ? 2 : 3;
    let word = '';
    for (let i = 0; i < count; i++) word += p.pick(SYLLABLES);
    word += p.pick(COINED_ENDINGS);
    return word.charAt(0).toUpperCase() + word.slice(1);
  }

  /** Unique within the channel: a second "Summit Logistics" becomes `summit-logistics-2`. */
  private accountName(channel: Channel, base: string): string {
    const handle = slug(base);
    const seen = channel.taken.get(handle) ?? 0;
    channel.taken.set(handle, seen + 1);
    return seen === 0 ? handle : `${handle}-${seen + 1}`;
  }

  private contact(companyBase: string, country: Country) {
    const p = this.prng;
    const first = p.pick(FIRST_NAMES);
    const last = p.pick(LAST_NAMES);
    const f = ascii(first);
    const l = ascii(last);
    const domain = `${slug(companyBase)}.${country.tld}`;
    const shape = p.float();
    let email: string;
    let personal = true;
    if (shape < 0.2) email = `${f}.${l}${p.chance(0.4) ? 10 + p.int(90) : ''}@${p.pick(FREEMAIL)}`;
    else if (shape < 0.45) {
      email = `${p.pick(ROLE_MAILBOXES)}@${domain}`;
      personal = false;
    } else if (shape < 0.8) email = `${f}.${l}@${domain}`;
    else if (shape < 0.92) email = `${f[0]}${l}@${domain}`;
    else email = `${f}@${domain}`;
    return { name: `${first} ${last}`, email, personal };
  }

  private row(c: {
    id: string;
    kind: CompanyKind;
    type: 'distributor' | 'isp' | 'msp' | 'reseller' | null;
    parent: { id: string } | null;
    stamps: Stamps;
    name: string;
    accountName: string;
    status: string;
    country: Country;
    contact?: { name: string; email: string };
    poolRefill?: boolean;
  }): Row {
    const p = this.prng;
    const created = EPOCH - p.float() * SIX_YEARS_MS;
    const updated = created + p.float() * (EPOCH - created);
    const contact = c.contact ?? this.contact(c.name, c.country);
    return {
      id: c.id,
      kind: c.kind,
      type: c.type,
      parent_id: c.parent?.id ?? null,
      channel_id: c.stamps.channelId,
      partner_id: c.stamps.partnerId,
      customer_id: c.stamps.customerId,
      name: c.name,
      account_name: c.accountName,
      status: c.status,
      contact_name: contact.name,
      contact_email: contact.email,
      phone: `${c.country.phonePrefix} ${100 + p.int(900)} ${1000000 + p.int(9000000)}`,
      city: p.pick(c.country.cities),
      country: c.country.code,
      time_zone: c.country.timeZone,
      language: c.country.language,
      pool_refill_allowed: c.poolRefill ? 't' : 'f',
      created_at: new Date(created).toISOString(),
      updated_at: new Date(updated).toISOString(),
    };
  }
}

function pickStatus(p: Prng, options: readonly (readonly [string, number])[]): string {
  let x = p.float();
  for (const [status, share] of options) {
    if (x < share) return status;
    x -= share;
  }
  return (options[0] as readonly [string, number])[0];
}

/** Lower-case ASCII letters and digits; accents folded, anything else a hyphen. */
function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** One line of COPY's text format: tab-separated, `\N` for null, backslash escapes. */
function copyLine(row: Row): string {
  let line = '';
  for (let i = 0; i < COLUMNS.length; i++) {
    const value = row[COLUMNS[i] as (typeof COLUMNS)[number]];
    if (i > 0) line += '\t';
    line += value === null ? '\\N' : escapeCopy(value);
  }
  return `${line}\n`;
}

function escapeCopy(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}
