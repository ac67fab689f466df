/** Structural checks of generated SVG for the plot tests: balanced tags and the elements of a kind. */

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;

/** Throws unless every tag of `svg` is well formed and closed in order, with one root `<svg>`; returns the tag count. */
export function checkWellFormed(svg: string): number {
  const stack: string[] = [];
  let count = 0;
  let end = 0;
  for (const match of svg.matchAll(TAG)) {
    const between = svg.slice(end, match.index);
    if (between.includes('<') || between.includes('>')) throw new Error(`malformed markup near ${JSON.stringify(between.slice(0, 60))}`);
    if (/&(?!amp;|lt;|gt;|quot;|#39;)/.test(between)) throw new Error(`unescaped & in ${JSON.stringify(between.slice(0, 60))}`);
    end = match.index! + match[0].length;
    const [, closing, name, , selfClosing] = match;
    count++;
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
    } else if (!selfClosing) stack.push(name);
    if (count === 1 && name !== 'svg') throw new Error('the root element is not <svg>');
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (svg.slice(end).trim() !== '') throw new Error('text after the root element');
  return count;
}

/** The attribute maps of every `<name ...>` element in `svg`. */
export function elements(svg: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const match of svg.matchAll(new RegExp(`<${name}((?:\\s+[\\w:-]+="[^"]*")*)\\s*/?>`, 'g'))) {
    found.push(Object.fromEntries([...match[1].matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])));
  }
  return found;
}

/** The text content of every `<text>` element (tspans included). */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}
