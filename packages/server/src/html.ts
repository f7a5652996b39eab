/** HTML that is already safe to place in a page. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = SafeHtml | string | number | boolean | null | undefined | Value[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element or a quoted attribute. */
export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => entities[ch]!);
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escape(String(value));
}

/** Tagged template: every interpolated value is escaped unless it is `SafeHtml` (or an array of them). */
export function h(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks trusted HTML (sanitized Markdown, an escaped fragment from @ccf/diff). */
export function trusted(value: string): SafeHtml {
  return new SafeHtml(value);
}

/**
 * A message or description for people: text escaped, and each `code span` (how ccf's messages quote a value) shown as
 * <code>, so no literal backticks reach a page.
 */
export function withCode(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split(/(`[^`\n]+`)/)
      .map((part) =>
        part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `<code>${escape(part.slice(1, -1))}</code>` : escape(part),
      )
      .join(''),
  );
}
