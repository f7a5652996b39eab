import type { Rule } from '../types.js';
import { idMatchesFilename } from './id-matches-filename.js';
import { idUnique } from './id-unique.js';

/** Every rule, by id. A meta-test checks each has a docs page and a test. */
export const rules: Rule[] = [idMatchesFilename, idUnique];
