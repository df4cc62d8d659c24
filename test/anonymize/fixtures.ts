import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adultLike } from '../../bench/anonymize-data.js';

export const QUASI = ['age', 'sex', 'race', 'marital-status', 'education'];

const EDUCATION = [
  'Doctorate',
  'Masters',
  'Prof-school',
  'Bachelors',
  'Some-college',
  'Assoc-acdm',
  'Assoc-voc',
  'HS-grad',
  '12th',
  '11th',
  '10th',
  '9th',
  '7th-8th',
  '5th-6th',
  '1st-4th',
  'Preschool',
];
const RACE = ['White', 'Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other'];
const MARITAL = [
  'Married-civ-spouse',
  'Married-AF-spouse',
  'Never-married',
  'Divorced',
  'Separated',
  'Widowed',
  'Married-spouse-absent',
];

/** Writes data.csv (adult-shaped, 5 quasi-identifiers + disease), hierarchy CSVs and anon.yaml into `dir`. */
export function writeAdultFixture(
  dir: string,
  rows = 2000,
  models = '  - { model: k-anonymity, k: 5 }',
): string {
  const data = adultLike(rows, 'cli-fixture', 5);
  const lines = [[...QUASI, 'disease'].join(',')];
  for (let r = 0; r < rows; r++)
    lines.push([...data.quasi.map((q) => q.values[r]), data.sensitive[0]!.values[r]].join(','));
  writeFileSync(join(dir, 'data.csv'), `${lines.join('\n')}\n`);
  const hierarchyCsv = (name: string, values: string[]) => {
    const h = data.quasi.find((q) => q.name === name)!.hierarchy;
    writeFileSync(join(dir, `${name}.csv`), `${values.map((v) => h.chain(v)!.join(';')).join('\n')}\n`);
  };
  hierarchyCsv('sex', ['Male', 'Female']);
  hierarchyCsv('race', RACE);
  hierarchyCsv('marital-status', MARITAL);
  hierarchyCsv('education', EDUCATION);
  writeFileSync(
    join(dir, 'anon.yaml'),
    `quasi:
  age: { type: interval, widths: [5, 10, 20] }
  sex: { type: csv, file: sex.csv }
  race: { type: csv, file: race.csv }
  marital-status: { type: csv, file: marital-status.csv }
  education: { type: csv, file: education.csv }
sensitive:
  disease: null
models:
${models}
suppression: 0.04
metric: loss
`,
  );
  return join(dir, 'data.csv');
}
