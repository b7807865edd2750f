// Small, namespace-exact DOM helpers for reading SAML: children are matched by namespace and local
// name (never by prefix), and text is the concatenation of all text nodes, so a comment inside an
// element cannot cut its value short.

export const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';

export function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
  }
  return found;
}

export function childElement(parent: Element, namespace: string, localName: string): Element | undefined {
  return childElements(parent, namespace, localName)[0];
}

/** Walks without recursion: a hostile document nested 100 000 deep must not overflow the stack. */
export function fullText(element: Element): string {
  let text = '';
  let node: Node | null = element.firstChild;
  while (node && node !== element) {
    if (node.nodeType === 3 || node.nodeType === 4) text += node.nodeValue ?? '';
    if (node.nodeType === 1 && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== element && !node.nextSibling) node = node.parentNode;
    node = node && node !== element ? node.nextSibling : null;
  }
  return text.trim();
}

export function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.getAttribute(name);
  return value === null || value === undefined || value === '' ? undefined : value;
}
