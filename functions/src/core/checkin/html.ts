// HTML built by a tagged template that escapes every interpolated value (escape-html), so no text can become markup.
import escapeHtml from 'escape-html';

/** Markup made by `html`: the only thing an interpolation inserts unescaped. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export type HtmlValue = string | number | Html | readonly Html[] | undefined;

/** `html\`<p>${text}</p>\``: strings and numbers are escaped (quotes too, so attributes are safe); Html fragments are kept. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += piece(value) + (strings[index + 1] ?? '');
  });
  return new Html(markup);
}

function piece(value: HtmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map((part: Html) => part.markup).join('');
  return escapeHtml(String(value));
}
