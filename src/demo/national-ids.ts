import type { Faker } from '@faker-js/faker';

/**
 * Synthetic national identifiers with valid check digits where the format has them, so the demo
 * exercises the validators the way real data would. Never real people's numbers: all random.
 */
export function nationalId(country: string, f: Faker): string {
  const digits = (n: number): number[] => Array.from({ length: n }, () => f.number.int({ min: 0, max: 9 }));
  switch (country) {
    case 'US':
      return `${f.number.int({ min: 101, max: 665 })}-${pad(f.number.int({ min: 1, max: 99 }), 2)}-${pad(f.number.int({ min: 1, max: 9999 }), 4)}`;
    case 'GB':
      return `${f.helpers.arrayElement(['AB', 'CE', 'JK', 'PR', 'WX'])}${digits(6).join('')}${f.helpers.arrayElement(['A', 'B', 'C', 'D'])}`;
    case 'ES': {
      const n = f.number.int({ min: 10_000_000, max: 99_999_999 });
      return `${n}${'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}`;
    }
    case 'BR':
      return brazilCpf(digits(9));
    case 'IN':
      return aadhaar(f);
    default:
      return digits(12).join('');
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function brazilCpf(base: number[]): string {
  const check = (ds: number[]): number => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = check(base);
  const d2 = check([...base, d1]);
  const s = [...base, d1, d2].join('');
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

// Verhoeff tables (dihedral group D5), used by Aadhaar's check digit.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function aadhaar(f: Faker): string {
  const base = [
    f.number.int({ min: 2, max: 9 }),
    ...Array.from({ length: 10 }, () => f.number.int({ min: 0, max: 9 })),
  ];
  let c = 0;
  [...base].reverse().forEach((d, i) => {
    c = D[c]![P[(i + 1) % 8]![d]!]!;
  });
  const s = [...base, INV[c]!].join('');
  return `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}`;
}
