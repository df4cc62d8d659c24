import { SeededRandom } from './random.js';
import { destination, type LatLng } from './sphere.js';
import { TraceBuilder, type Traces } from './trace.js';

/**
 * A reproducible synthetic population for tests, benchmarks and demos: each subject sleeps at
 * home (22:00–06:00), works at a workplace on weekdays 09:00–17:00, and otherwise visits one of a
 * few favourite places, logging a few GPS fixes an hour with metre-level jitter. No real person.
 */
export interface SyntheticOptions {
  subjects: number;
  days: number;
  /** GPS fixes per hour per subject; default 2. */
  fixesPerHour?: number;
  centre?: LatLng;
  /** Radius of the city (m) where homes, workplaces and places are drawn; default 15 km. */
  radiusMetres?: number;
  seed?: string;
  /** First day (epoch ms, UTC midnight); default 2024-01-01 (a Monday). */
  start?: number;
}

interface Person {
  home: LatLng;
  work: LatLng;
  places: LatLng[];
}

function randomPlace(centre: LatLng, radius: number, random: SeededRandom): LatLng {
  return destination(centre, radius * Math.sqrt(random.nextDouble()), random.nextDouble() * 2 * Math.PI);
}

function whereAt(person: Person, day: number, hour: number, random: SeededRandom): LatLng {
  const weekday = day % 7 < 5; // day 0 is a Monday
  if (hour >= 22 || hour < 6) return person.home;
  if (weekday && hour >= 9 && hour < 17) return person.work;
  return person.places[random.nextInt(person.places.length)]!;
}

export function syntheticTraces(options: SyntheticOptions): Traces {
  const random = new SeededRandom(options.seed ?? 'veil-synthetic');
  const centre = options.centre ?? { lat: 39.9042, lng: 116.4074 };
  const radius = options.radiusMetres ?? 15_000;
  const fixes = options.fixesPerHour ?? 2;
  const start = options.start ?? Date.UTC(2024, 0, 1);
  const builder = new TraceBuilder();
  for (let s = 0; s < options.subjects; s++) {
    const person: Person = {
      home: randomPlace(centre, radius, random),
      work: randomPlace(centre, radius, random),
      places: [0, 1, 2].map(() => randomPlace(centre, radius, random)),
    };
    for (let day = 0; day < options.days; day++) {
      for (let hour = 0; hour < 24; hour++) {
        const place = whereAt(person, day, hour, random);
        for (let f = 0; f < fixes; f++) {
          const fix = destination(place, 30 * random.nextDouble(), random.nextDouble() * 2 * Math.PI);
          const time = start + (day * 24 + hour) * 3_600_000 + Math.floor(random.nextDouble() * 3_600_000);
          builder.add(`subject-${s}`, fix.lat, fix.lng, time);
        }
      }
    }
  }
  return builder.build();
}
