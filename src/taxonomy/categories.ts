import { DEFAULT_CATEGORIES, DEFAULT_SUBJECTS, type DataCategory } from './default-taxonomy.js';
import { Hierarchy, type TaxonomyNode } from './hierarchy.js';

export type { DataCategory };

/** A kind of person the data is about, such as `customer` or `employee`. */
export type DataSubject = TaxonomyNode;

export function defaultCategories(): Hierarchy<DataCategory> {
  return new Hierarchy(DEFAULT_CATEGORIES);
}

export function defaultSubjects(): Hierarchy<DataSubject> {
  return new Hierarchy(DEFAULT_SUBJECTS);
}

/** True when the category or one of its ancestors is marked as free-text content. */
export function isContentCategory(categories: Hierarchy<DataCategory>, name: string): boolean {
  return categories.lineage(name).some((node) => node.content === true);
}
