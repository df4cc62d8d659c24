/**
 * The events table and 10-rule policy that the protect benchmarks share: 200k users (ids repeat, as
 * in event data), 300k devices, phones, SSNs, ages, cities, coordinates, templated free text.
 */
export const POLICY = `version: 1
datasets:
  events:
    subject_field: user_id
    fields:
      user_id: user.unique_id
      device_id: user.device.device_id
      email: user.contact.email
      phone: user.contact.phone_number
      ssn: user.government_id
      age: user.demographic.age_range
      city: user.contact.address.city
      lat: user.location.precise
      lng: user.location.precise
      note: user.content.message
      amount: user.behavior.purchase
rules:
  - { purpose: ml, category: user.unique_id, transform: { op: pseudonymize, key: ids } }
  - { purpose: ml, category: user.device.device_id, transform: { op: encrypt_deterministic, key: ids } }
  - { purpose: ml, category: user.contact.phone_number, transform: { op: encrypt, key: ids } }
  - { purpose: ml, category: user.contact.email, transform: { op: mask, keep_last: 12 } }
  - { purpose: ml, category: user.government_id, action: deny }
  - { purpose: ml, category: user.demographic.age_range, transform: { op: bucket, size: 10 } }
  - purpose: ml
    category: user.contact.address.city
    transform: { op: generalize, hierarchy: { Paris: France, Lyon: France, Berlin: Germany, Munich: Germany } }
  - { purpose: ml, category: user.location.precise, transform: { op: round_coordinates, decimals: 2 } }
  - { purpose: ml, category: user.content.message, transform: { op: redact_entities } }
  - { purpose: ml, category: user.behavior.purchase, action: allow }
taxonomy:
  purposes: [{ name: ml }]
`;

/** A SELECT producing `rows` events (DuckDB SQL), for COPY to any format. */
export function eventsSql(rows: number): string {
  return `SELECT 'u' || (i % 200000) AS user_id, md5((i % 300000)::VARCHAR) AS device_id,
             'person' || (i % 200000) || '@example.com' AS email, '+1415555' || lpad(((i * 7) % 10000)::VARCHAR, 4, '0') AS phone,
             lpad((i % 1000)::VARCHAR, 3, '0') || '-12-3456' AS ssn, (i % 90) AS age,
             ['Paris', 'Lyon', 'Berlin', 'Munich', 'Oslo'][1 + i % 5] AS city,
             48 + (i % 100000) / 100000.0 AS lat, 2 + (i % 77777) / 77777.0 AS lng,
             CASE i % 4 WHEN 0 THEN 'call me at +1 415 555 ' || lpad((i % 10000)::VARCHAR, 4, '0')
                        WHEN 1 THEN 'mail me: person' || (i % 5000) || '@example.com'
                        ELSE 'see you at the station' END AS note,
             (i % 997) * 1.25 AS amount
    FROM range(${rows}) t(i)`;
}
