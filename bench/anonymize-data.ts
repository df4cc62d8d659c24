import { createHash } from 'node:crypto';
import { intervalHierarchy, tableHierarchy, type Hierarchy } from '../src/anonymize/hierarchy.js';
import type { QuasiIdentifierInput, SensitiveInput } from '../src/anonymize/encode.js';

/**
 * Synthetic "adult"-shaped table (ARX's benchmark shape: 9 quasi-identifiers, lattice of
 * 5*2*2*3*4*3*3*3*2 = 12,960 nodes). Values come from SHA-256 in counter mode over a seed, so the
 * data is reproducible without a non-cryptographic generator.
 */
export class SeededStream {
  private buffer = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;
  constructor(private readonly seed: string) {}

  /** Uniform float in [0, 1). */
  next(): number {
    if (this.offset + 6 > this.buffer.length) {
      this.buffer = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      this.offset = 0;
    }
    const x = this.buffer.readUIntBE(this.offset, 6);
    this.offset += 6;
    return x / 2 ** 48;
  }

  /** A value drawn with a skewed (Zipf-like) distribution, so classes have realistic sizes. */
  skewed<T>(values: readonly T[]): T {
    const u = this.next();
    return values[Math.min(values.length - 1, Math.floor(values.length * u * u))]!;
  }
}

function twoLevel(groups: Record<string, readonly string[]>): Hierarchy {
  return tableHierarchy(
    Object.entries(groups).flatMap(([group, values]) => values.map((v) => [v, group, '*'])),
  );
}

function threeLevel(groups: Record<string, Record<string, readonly string[]>>): Hierarchy {
  return tableHierarchy(
    Object.entries(groups).flatMap(([top, mids]) =>
      Object.entries(mids).flatMap(([mid, values]) => values.map((v) => [v, mid, top, '*'])),
    ),
  );
}

const flat = (values: readonly string[]): Hierarchy => tableHierarchy(values.map((v) => [v, '*']));

const EDUCATION = {
  'Higher education': {
    Graduate: ['Doctorate', 'Masters', 'Prof-school'],
    Undergraduate: ['Bachelors', 'Some-college', 'Assoc-acdm', 'Assoc-voc'],
  },
  'Secondary education': {
    'High School': ['HS-grad', '12th', '11th', '10th', '9th'],
    'Junior Secondary': ['7th-8th', '5th-6th'],
  },
  'Primary education': { Primary: ['1st-4th', 'Preschool'] },
};
const MARITAL = {
  'spouse present': ['Married-civ-spouse', 'Married-AF-spouse'],
  'spouse not present': ['Never-married', 'Divorced', 'Separated', 'Widowed', 'Married-spouse-absent'],
};
const COUNTRY = {
  'North America': [
    'United-States',
    'Mexico',
    'Canada',
    'Cuba',
    'Jamaica',
    'Puerto-Rico',
    'Honduras',
    'Guatemala',
  ],
  Europe: [
    'Germany',
    'England',
    'Italy',
    'Poland',
    'Portugal',
    'France',
    'Greece',
    'Ireland',
    'Scotland',
    'Hungary',
  ],
  Asia: [
    'Philippines',
    'India',
    'China',
    'Japan',
    'Vietnam',
    'Taiwan',
    'Iran',
    'Thailand',
    'Cambodia',
    'Laos',
  ],
  'South America': ['Columbia', 'Ecuador', 'Peru', 'Trinadad&Tobago'],
};
const WORKCLASS = {
  'Non-Government': ['Private', 'Self-emp-not-inc', 'Self-emp-inc'],
  Government: ['Federal-gov', 'Local-gov', 'State-gov'],
  Unemployed: ['Without-pay', 'Never-worked'],
};
const OCCUPATION = {
  Technical: ['Tech-support', 'Craft-repair', 'Machine-op-inspct', 'Prof-specialty'],
  Nontechnical: ['Sales', 'Exec-managerial', 'Adm-clerical', 'Handlers-cleaners', 'Farming-fishing'],
  Other: ['Other-service', 'Transport-moving', 'Priv-house-serv', 'Protective-serv', 'Armed-Forces'],
};
const RACE = ['White', 'Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other'];

const leaves = (groups: object): string[] =>
  Object.values(groups).flatMap((v: unknown) => (Array.isArray(v) ? (v as string[]) : leaves(v as object)));

export interface SyntheticTable {
  quasi: QuasiIdentifierInput[];
  sensitive: SensitiveInput[];
}

/** `quasiCount` (1..9) of the adult-shaped quasi-identifiers, plus a sensitive `disease` column. */
export function adultLike(rows: number, seed = 'veil-adult', quasiCount = 9): SyntheticTable {
  const rnd = new SeededStream(seed);
  const columns: [string, Hierarchy, () => string][] = [
    ['age', intervalHierarchy([5, 10, 20]), () => String(17 + Math.floor(rnd.next() * rnd.next() * 74))],
    ['sex', flat(['Male', 'Female']), () => (rnd.next() < 0.67 ? 'Male' : 'Female')],
    ['race', flat(RACE), () => rnd.skewed(RACE)],
    ['marital-status', twoLevel(MARITAL), () => rnd.skewed(leaves(MARITAL))],
    ['education', threeLevel(EDUCATION), () => rnd.skewed(leaves(EDUCATION))],
    ['native-country', twoLevel(COUNTRY), () => rnd.skewed(leaves(COUNTRY))],
    ['workclass', twoLevel(WORKCLASS), () => rnd.skewed(leaves(WORKCLASS))],
    ['occupation', twoLevel(OCCUPATION), () => rnd.skewed(leaves(OCCUPATION))],
    ['salary-class', flat(['<=50K', '>50K']), () => (rnd.next() < 0.76 ? '<=50K' : '>50K')],
  ];
  const diseases = ['flu', 'asthma', 'diabetes', 'hypertension', 'migraine', 'cancer', 'none'];
  const chosen = columns.slice(0, quasiCount);
  const values = chosen.map(() => [] as string[]);
  const disease: string[] = [];
  for (let r = 0; r < rows; r++) {
    chosen.forEach(([, , draw], i) => values[i]!.push(draw()));
    disease.push(rnd.skewed(diseases));
  }
  return {
    quasi: chosen.map(([name, hierarchy], i) => ({ name, hierarchy, values: values[i]! })),
    sensitive: [
      {
        name: 'disease',
        values: disease,
        hierarchy: twoLevel({
          acute: ['flu', 'migraine', 'none'],
          chronic: ['asthma', 'diabetes', 'hypertension', 'cancer'],
        }),
      },
    ],
  };
}
