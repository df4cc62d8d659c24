import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCategories, defaultSubjects, isContentCategory } from '../../src/taxonomy/categories.js';
import { ENTITIES } from '../../src/taxonomy/entities.js';
import {
  depth,
  editDistance,
  isAncestorOrSelf,
  isDottedName,
  onSameBranch,
  parentName,
  ROOT,
} from '../../src/taxonomy/hierarchy.js';
import { defaultPurposes } from '../../src/taxonomy/purposes.js';

test('dotted names: parents, depth, ancestry', () => {
  assert.equal(parentName('user.contact.email'), 'user.contact');
  assert.equal(parentName('user'), ROOT);
  assert.equal(parentName(ROOT), undefined);
  assert.equal(depth(ROOT), 0);
  assert.equal(depth('user.contact.email'), 3);
  assert.ok(isAncestorOrSelf('user.contact', 'user.contact.email'));
  assert.ok(isAncestorOrSelf(ROOT, 'user'));
  assert.ok(!isAncestorOrSelf('user.contact', 'user.contactless'), 'a prefix that is not a segment boundary');
  assert.ok(onSameBranch('user.contact.email', 'user'));
  assert.ok(!onSameBranch('user.contact', 'user.location'));
  assert.ok(isDottedName('model_training.recommendation'));
  assert.ok(!isDottedName('Model.Training') && !isDottedName('a..b') && !isDottedName('.a'));
  assert.equal(editDistance('analytic', 'analytics'), 1);
});

test('the default hierarchies are closed: every parent exists', () => {
  assert.deepEqual(defaultCategories().missingParents(), []);
  assert.deepEqual(defaultPurposes().missingParents(), []);
  assert.deepEqual(defaultSubjects().missingParents(), []);
});

test('every category a detector maps to is in the default taxonomy', () => {
  const categories = defaultCategories();
  const missing = Object.values(ENTITIES)
    .map((e) => e.category)
    .filter((c) => !categories.has(c));
  assert.deepEqual([...new Set(missing)], []);
});

test('the issue examples exist, and content is inherited down the category tree', () => {
  const categories = defaultCategories();
  for (const name of [
    'user.contact.email',
    'user.location.precise',
    'user.content.message',
    'user.financial',
    'user.biometric',
    'user.government_id',
  ]) {
    assert.ok(categories.has(name), name);
  }
  assert.ok(defaultPurposes().has('model_training.recommendation'));
  assert.ok(isContentCategory(categories, 'user.content.message'));
  assert.ok(isContentCategory(categories.extend([{ name: 'user.content.review' }]), 'user.content.review'));
  assert.ok(!isContentCategory(categories, 'user.contact.email'));
});
