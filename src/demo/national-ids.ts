import type { Faker } from '@faker-js/faker';
import { verhoeff } from '../detect/validators/checksums.js';
import { validBrCpf } from '../detect/validators/national-ids.js';

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

/**
 * Completes a number with the check digits its validator accepts: the validators in src/detect are
 * the one definition of each checksum, so the generator searches rather than re-implementing them.
 */
function withCheckDigits(base: string, checkDigits: number, valid: (s: string) => boolean): string {
  for (let i = 0; i < 10 ** checkDigits; i++) {
    const candidate = base + String(i).padStart(checkDigits, '0');
    if (valid(candidate)) return candidate;
  }
  throw new Error('no check digits satisfy the validator'); // unreachable for CPF and Verhoeff
}

function brazilCpf(base: number[]): string {
  const s = withCheckDigits(base.join(''), 2, validBrCpf);
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

function aadhaar(f: Faker): string {
  const base = [
    f.number.int({ min: 2, max: 9 }),
    ...Array.from({ length: 10 }, () => f.number.int({ min: 0, max: 9 })),
  ];
  const s = withCheckDigits(base.join(''), 1, verhoeff);
  return `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}`;
}
