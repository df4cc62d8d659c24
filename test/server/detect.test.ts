import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectRoutes } from '../../src/server/routes/detect.js';
import { harness } from './harness.js';

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const TEXT = `Mail ${EMAIL} or pay with card ${CARD} today.`;

describe('detect and redact routes', () => {
  it('finds entities by offset and redacts them, leaving no value in responses, logs or audit', async () => {
    const h = await harness({ plugins: [detectRoutes()] });
    const auth = h.bearer(await h.token(['protect']));
    const detect = await h.app.inject({
      method: 'POST',
      url: '/v1/detect',
      headers: auth,
      payload: { texts: [TEXT, 'nothing here'] },
    });
    assert.equal(detect.statusCode, 200);
    const results = detect.json().results as { findings: { entity: string; start: number; end: number }[] }[];
    const first = results[0]?.findings ?? [];
    assert.deepEqual(first.map((f) => f.entity).sort(), ['CREDIT_CARD', 'EMAIL_ADDRESS']);
    const email = first.find((f) => f.entity === 'EMAIL_ADDRESS');
    assert.equal(email && TEXT.slice(email.start, email.end), EMAIL);
    assert.deepEqual(results[1]?.findings, []);
    assert.ok(!detect.body.includes(EMAIL), 'detect answers offsets, not values');

    const redact = await h.app.inject({
      method: 'POST',
      url: '/v1/redact',
      headers: auth,
      payload: { texts: [TEXT] },
    });
    assert.equal(redact.statusCode, 200);
    assert.equal(redact.json().results[0].text, 'Mail <EMAIL_ADDRESS> or pay with card <CREDIT_CARD> today.');

    const audit = await h.db.query('SELECT * FROM audit_log');
    const detectEntry = (await h.app.veil.audit.list({ action: 'detect' })).entries.at(-1);
    assert.deepEqual(detectEntry?.details, {
      texts: 2,
      findings: 2,
      entities: ['CREDIT_CARD', 'EMAIL_ADDRESS'],
    });
    for (const value of [EMAIL, CARD, '4111']) {
      assert.ok(!JSON.stringify(audit.rows).includes(value), 'no value in the audit log');
      assert.ok(!h.logs.text.includes(value), 'no value in the logs');
    }
    const metrics = (await h.app.inject('/metrics')).body;
    assert.match(metrics, /veil_values_protected_total\{operator="redact"\} 2/);
  });

  it('honours the entities filter, validates input, and needs the protect scope', async () => {
    const h = await harness({ plugins: [detectRoutes()] });
    const auth = h.bearer(await h.token(['protect']));
    const onlyEmail = await h.app.inject({
      method: 'POST',
      url: '/v1/redact',
      headers: auth,
      payload: { texts: [TEXT], entities: ['EMAIL_ADDRESS'] },
    });
    assert.equal(onlyEmail.json().results[0].text, `Mail <EMAIL_ADDRESS> or pay with card ${CARD} today.`);
    const unknownEntity = await h.app.inject({
      method: 'POST',
      url: '/v1/detect',
      headers: auth,
      payload: { texts: ['x'], entities: ["EMAIL' OR 1=1"] },
    });
    assert.equal(unknownEntity.statusCode, 400);
    const notStrings = await h.app.inject({
      method: 'POST',
      url: '/v1/detect',
      headers: auth,
      payload: { texts: [{ a: 1 }] },
    });
    assert.equal(notStrings.statusCode, 400);
    const tooMany = await h.app.inject({
      method: 'POST',
      url: '/v1/detect',
      headers: auth,
      payload: { texts: Array(1001).fill('a') },
    });
    assert.equal(tooMany.statusCode, 400);
    const reader = h.bearer(await h.token(['audit:read']));
    const denied = await h.app.inject({
      method: 'POST',
      url: '/v1/detect',
      headers: reader,
      payload: { texts: [TEXT] },
    });
    assert.equal(denied.statusCode, 403);
  });
});
