import type { Rule } from '../types.js';
import { aliasConflict } from './alias-conflict.js';
import { definitionRequired } from './definition-required.js';
import { derivedFromAcyclic } from './derived-from-acyclic.js';
import { derivedFromResolves } from './derived-from-resolves.js';
import { idMatchesFilename } from './id-matches-filename.js';
import { idNotReused } from './id-not-reused.js';
import { idUnique } from './id-unique.js';
import { lineageComplete } from './lineage-complete.js';
import { linkResolves } from './link-resolves.js';
import { markdownTooComplex } from './markdown-too-complex.js';
import { noEmptyFramework } from './no-empty-framework.js';
import { noEmptyOccupations } from './no-empty-occupations.js';
import { noUnsafeMarkup } from './no-unsafe-markup.js';
import { orderUnique } from './order-unique.js';
import { parentExists } from './parent-exists.js';
import { retiredHasSuccessorOrReason } from './retired-has-successor-or-reason.js';
import { socDuplicate } from './soc-duplicate.js';
import { titleUniqueInParent } from './title-unique-in-parent.js';
import { trademark } from './trademark.js';

/** Every lint rule. A meta-test checks each has a docs page and a test. */
export const rules: Rule[] = [
  aliasConflict,
  definitionRequired,
  derivedFromAcyclic,
  derivedFromResolves,
  idMatchesFilename,
  idNotReused,
  idUnique,
  lineageComplete,
  linkResolves,
  markdownTooComplex,
  noEmptyFramework,
  noEmptyOccupations,
  noUnsafeMarkup,
  orderUnique,
  parentExists,
  retiredHasSuccessorOrReason,
  socDuplicate,
  titleUniqueInParent,
  trademark,
];
