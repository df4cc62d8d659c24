import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../src/detect/index.js';

const addresses = (text: string): string[] =>
  analyzeText(text)
    .filter((f) => f.entity === 'ADDRESS')
    .map((f) => text.slice(f.start, f.end));

test('street addresses with USPS suffixes, directionals and type-first forms are found whole', () => {
  const cases: Array<[string, string]> = [
    ['Ship it to 153 Collin Divide please.', '153 Collin Divide'],
    ['She moved to 4349 Runolfsdottir Springs last year.', '4349 Runolfsdottir Springs'],
    ['Office: 65345 N Park Street, Suite 2', '65345 N Park Street'],
    ['we met at 62 Old Mill Tunnel', '62 Old Mill Tunnel'],
    ['Mi casa está en Prolongación Leonor Montero s/n. desde mayo', 'Prolongación Leonor Montero s/n'],
    ['Vivo en Travesía Gilberto, 78 con mi hermano', 'Travesía Gilberto, 78'],
    ['Moro na 97072 Alameda Maria Cecília', '97072 Alameda Maria Cecília'],
    ['Saya tinggal di Gg. Nimas no 74 sejak kecil', 'Gg. Nimas no 74'],
    ['Alamat: Psr. Elvina no 50, Bandung', 'Psr. Elvina no 50'],
    ["J'habite au 2193 Passage de Montmorency", '2193 Passage de Montmorency'],
  ];
  for (const [text, value] of cases) assert.deepEqual(addresses(text), [value], text);
});

// Known limit: a number, capitalised words and a street type read as an address even when they
// are a title ("Chapter 12 Big Lake Adventures" gives "12 Big Lake").
test('numbers before capitalised words that are no street type are not addresses', () => {
  for (const text of [
    'We sold 150 Island Records albums',
    'Im Jahr 2019 zogen wir um',
    'Order 5521 Green shipped today',
    'He scored 3 Points in the last minute',
  ])
    assert.deepEqual(addresses(text), [], text);
});
