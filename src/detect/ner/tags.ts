/** BIO tag set shared by training and inference. Order is part of the model file format. */
export type NameEntity = 'PERSON' | 'LOCATION' | 'ORGANIZATION';

export const TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG'] as const;
export const N_TAGS = TAGS.length;
export const O = 0;

const ENTITY_OF_TAG: readonly (NameEntity | null)[] = [
  null,
  'PERSON',
  'PERSON',
  'LOCATION',
  'LOCATION',
  'ORGANIZATION',
  'ORGANIZATION',
];

export function entityOfTag(tag: number): NameEntity | null {
  return ENTITY_OF_TAG[tag] ?? null;
}

export function isBegin(tag: number): boolean {
  return tag === 1 || tag === 3 || tag === 5;
}

export function isInside(tag: number): boolean {
  return tag === 2 || tag === 4 || tag === 6;
}

/** I-X may only follow B-X or I-X; a sequence may not start with I-X. */
export function allowedTransition(prev: number, next: number): boolean {
  if (!isInside(next)) return true;
  return prev === next || prev === next - 1;
}

export function tagIndex(label: string): number {
  const i = (TAGS as readonly string[]).indexOf(label);
  return i < 0 ? O : i;
}
