import { escapeInvisible } from './escape.js';

// Pure: the server checks refs from query strings with the same rules before anything reaches git.

/**
 * Ref syntax we let through: names made of letters, digits and `._/+-`, starting with a letter or digit, then
 * any `~N` / `^N` suffixes. Everything else git would accept (`@{…}`, `:path`, `..` ranges, `^{…}`, leading `-`)
 * is refused before git runs: a ref from a user must never become an option or a second revision.
 */
const REF = /^[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}(?:[~^][0-9]{0,4}){0,16}$/;
/** Why `ref` is refused, or undefined when its syntax is allowed. */
export function refProblem(ref: string): string | undefined {
  if (!REF.test(ref)) return 'it is not a branch, tag, commit SHA or `<ref>~N` / `<ref>^N`';
  if (ref.includes('..')) return 'ranges (`..`) are not versions';
  if (ref.includes('//') || ref.includes('/.') || /[/.]$/.test(ref.replace(/[~^]\d*/g, '')) || /\.lock(?:[~^/]|$)/.test(ref))
    return 'it is not a valid git ref name';
  return undefined;
}

/** A ref as it can be shown in a one-line message: invisible characters escaped, long input cut. */
export function printable(s: string): string {
  const clean = escapeInvisible(s);
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
