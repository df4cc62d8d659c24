import {
  fakerDE,
  fakerEN_GB,
  fakerEN_IN,
  fakerEN_US,
  fakerES,
  fakerFR,
  fakerID_ID,
  fakerPT_BR,
  type Faker,
} from '@faker-js/faker';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withEngine, writeQuery } from '../engine/index.js';
import { nationalId } from './national-ids.js';

/** Dates are relative to a fixed day so a seed reproduces the same files on any day. */
const REFERENCE_DATE = '2025-07-01T00:00:00Z';

/** Countries the synthetic users come from, with their faker locale and a city to live around. */
const COUNTRIES: { code: string; faker: Faker; center: [number, number] }[] = [
  { code: 'US', faker: fakerEN_US, center: [40.7128, -74.006] },
  { code: 'GB', faker: fakerEN_GB, center: [51.5072, -0.1276] },
  { code: 'DE', faker: fakerDE, center: [52.52, 13.405] },
  { code: 'FR', faker: fakerFR, center: [48.8566, 2.3522] },
  { code: 'ES', faker: fakerES, center: [40.4168, -3.7038] },
  { code: 'BR', faker: fakerPT_BR, center: [-23.5505, -46.6333] },
  { code: 'IN', faker: fakerEN_IN, center: [19.076, 72.8777] },
  { code: 'ID', faker: fakerID_ID, center: [-6.2088, 106.8456] },
];

export interface DemoSizes {
  users: number;
  pointsPerUser: number;
  messagesPerUser: number;
}

export interface DemoFiles {
  users: string;
  devices: string;
  locations: string;
  messages: string;
}

interface User {
  user_id: string;
  full_name: string;
  email: string;
  phone: string;
  birth_date: string;
  gender: string;
  job_title: string;
  country: string;
  national_id: string;
  street_address: string;
  city: string;
  zip_code: string;
  signup_ts: string;
  home: [number, number];
  work: [number, number];
  faker: Faker;
}

/** Writes a seeded synthetic consumer-app dataset: users (CSV), devices (JSONL), locations (Parquet), messages (JSONL). */
export async function generateDemoData(dir: string, sizes: DemoSizes, seed = 42): Promise<DemoFiles> {
  await mkdir(dir, { recursive: true });
  COUNTRIES.forEach((c, i) => c.faker.seed(seed + i));
  const users = Array.from({ length: sizes.users }, (_, i) => makeUser(i, COUNTRIES[i % COUNTRIES.length]!));
  const files: DemoFiles = {
    users: join(dir, 'users.csv'),
    devices: join(dir, 'devices.jsonl'),
    locations: join(dir, 'locations.parquet'),
    messages: join(dir, 'messages.jsonl'),
  };
  await writeJsonl(join(dir, 'users.tmp.jsonl'), users.map(userRecord));
  await writeJsonl(files.devices, users.flatMap(deviceRecords));
  await writeJsonl(
    join(dir, 'locations.tmp.jsonl'),
    users.flatMap((u) => locationRecords(u, sizes.pointsPerUser)),
  );
  await writeJsonl(
    files.messages,
    users.flatMap((u) => messageRecords(u, sizes.messagesPerUser)),
  );
  await withEngine(async (engine) => {
    await writeQuery(engine, `SELECT * FROM read_json('${join(dir, 'users.tmp.jsonl')}')`, files.users);
    await writeQuery(
      engine,
      `SELECT user_id, lat, lng, CAST(ts AS TIMESTAMP) AS ts FROM read_json('${join(dir, 'locations.tmp.jsonl')}') ORDER BY user_id, ts`,
      files.locations,
    );
  });
  await rm(join(dir, 'users.tmp.jsonl'));
  await rm(join(dir, 'locations.tmp.jsonl'));
  return files;
}

function makeUser(i: number, country: (typeof COUNTRIES)[number]): User {
  const f = country.faker;
  const sex = f.person.sexType();
  const first = f.person.firstName(sex);
  const last = f.person.lastName(sex);
  const jitter = (): [number, number] => [
    country.center[0] + f.number.float({ min: -0.12, max: 0.12 }),
    country.center[1] + f.number.float({ min: -0.12, max: 0.12 }),
  ];
  return {
    user_id: `u${String(i + 1).padStart(6, '0')}`,
    full_name: `${first} ${last}`,
    email: f.internet.email({ firstName: first, lastName: last }).toLowerCase(),
    phone: f.phone.number({ style: 'international' }),
    birth_date: f.date
      .birthdate({ mode: 'age', min: 16, max: 80, refDate: REFERENCE_DATE })
      .toISOString()
      .slice(0, 10),
    gender: sex === 'female' ? 'F' : 'M',
    job_title: f.person.jobTitle(),
    country: country.code,
    national_id: nationalId(country.code, f),
    street_address: f.location.streetAddress(),
    city: f.location.city(),
    zip_code: f.location.zipCode(),
    signup_ts: f.date.between({ from: '2019-01-01', to: '2025-12-31' }).toISOString(),
    home: jitter(),
    work: jitter(),
    faker: f,
  };
}

function userRecord(u: User): Record<string, unknown> {
  const { home: _home, work: _work, faker: _faker, ...record } = u;
  return record;
}

function deviceRecords(u: User): Record<string, unknown>[] {
  const f = u.faker;
  return Array.from({ length: f.number.int({ min: 1, max: 2 }) }, () => ({
    device_id: f.string.uuid(),
    user_id: u.user_id,
    platform: f.helpers.arrayElement(['ios', 'android', 'web']),
    network: { ip: f.internet.ipv4(), ipv6: f.internet.ipv6(), mac: f.internet.mac() },
    app_version: f.system.semver(),
    last_seen: f.date.recent({ days: 30, refDate: REFERENCE_DATE }).toISOString(),
  }));
}

/** A day-structured trace: nights at home, weekday working hours at work, the rest nearby. */
function locationRecords(u: User, count: number): Record<string, unknown>[] {
  const f = u.faker;
  const start = Date.parse('2025-06-02T00:00:00Z');
  return Array.from({ length: count }, () => {
    const t = start + f.number.int({ min: 0, max: 14 * 24 * 3600 - 1 }) * 1000;
    const hour = new Date(t).getUTCHours();
    const weekday = new Date(t).getUTCDay() % 6 !== 0;
    const anchor = hour < 7 || hour >= 22 ? u.home : weekday && hour >= 9 && hour < 17 ? u.work : u.home;
    const spread = anchor === u.home || anchor === u.work ? 0.0008 : 0.02;
    return {
      user_id: u.user_id,
      lat: round6(anchor[0] + f.number.float({ min: -spread, max: spread })),
      lng: round6(anchor[1] + f.number.float({ min: -spread, max: spread })),
      ts: new Date(t).toISOString(),
    };
  });
}

function messageRecords(u: User, count: number): Record<string, unknown>[] {
  const f = u.faker;
  const templates = [
    () => `Hi, this is ${u.full_name}. You can reach me at ${u.phone} or ${u.email}.`,
    () => `My card ${f.finance.creditCardNumber({ issuer: 'visa' })} was charged twice, please refund.`,
    () => `I moved to ${u.street_address}, ${u.city} ${u.zip_code}. Please update my address.`,
    () => `Meet me at ${round6(u.work[0])}, ${round6(u.work[1])} after work?`,
    () => `Loved the new feature! ${f.lorem.sentence()}`,
    () => `My ID number is ${u.national_id}, why do you need it?`,
    () =>
      `Server ${f.internet.ipv4()} keeps logging me out since ${f.date.recent({ refDate: REFERENCE_DATE }).toISOString().slice(0, 10)}.`,
    () => f.lorem.sentences(2),
  ];
  return Array.from({ length: count }, (_, j) => ({
    message_id: `${u.user_id}-m${j + 1}`,
    user_id: u.user_id,
    sent_at: f.date.recent({ days: 60, refDate: REFERENCE_DATE }).toISOString(),
    text: f.helpers.arrayElement(templates)(),
  }));
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

async function writeJsonl(path: string, records: Record<string, unknown>[]): Promise<void> {
  const out = createWriteStream(path);
  for (const r of records) out.write(`${JSON.stringify(r)}\n`);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}
