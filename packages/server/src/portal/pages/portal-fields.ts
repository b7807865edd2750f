// Form pieces the admin portal needs beyond the hosted login's (components.ts): read-only values to
// copy into the IdP, text areas, selects and switches. Every control has a <label for>; the page's
// error region is tied to the form it is about.
import { html, raw, type SafeHtml } from '../../util/html.ts';

export function readOnlyField(id: string, label: string, value: string, hint?: string): SafeHtml {
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <input id="${id}" type="text" value="${value}" readonly />
    ${hint ? html`<p class="hint">${hint}</p>` : ''}
  </div>`;
}

export function textField(
  id: string,
  label: string,
  value: string | undefined,
  options: { hint?: string; type?: 'text' | 'password'; placeholder?: string } = {},
): SafeHtml {
  const type = options.type ?? 'text';
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <input
      id="${id}"
      name="${id}"
      type="${type}"
      autocomplete="off"
      value="${value ?? ''}"
      ${options.placeholder ? html`placeholder="${options.placeholder}"` : ''}
    />
    ${options.hint ? html`<p class="hint">${options.hint}</p>` : ''}
  </div>`;
}

export function textArea(id: string, label: string, value: string, hint?: string): SafeHtml {
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <textarea id="${id}" name="${id}" spellcheck="false">${value}</textarea>
    ${hint ? html`<p class="hint">${hint}</p>` : ''}
  </div>`;
}

export function selectField(
  id: string,
  label: string,
  options: readonly { value: string; text: string }[],
  selected: string,
): SafeHtml {
  const items = options.map(
    (o) => html`<option value="${o.value}" ${o.value === selected ? raw('selected') : ''}>${o.text}</option>`,
  );
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <select id="${id}" name="${id}">
      ${items}
    </select>
  </div>`;
}

/** A switch; an unchecked box sends nothing, so the handler reads absence as off. */
export function checkField(id: string, label: string, checked: boolean, value = 'on'): SafeHtml {
  return html`<div class="check">
    <input id="${id}" name="${id}" type="checkbox" value="${value}" ${checked ? raw('checked') : ''} />
    <label for="${id}">${label}</label>
  </div>`;
}
