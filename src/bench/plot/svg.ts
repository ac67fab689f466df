/** The few SVG building blocks the plots need: escaped text, elements, and compact coordinates. */

/** Escapes `&`, `<`, `>` and quotes for SVG text and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate rounded to hundredths of a pixel (plenty for a plot, and short). */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Attribute values; undefined ones are left out. Numbers are written with {@link px}. */
export type Attributes = Readonly<Record<string, string | number | undefined>>;

/** An SVG element with escaped attributes and already-rendered children (`content`). */
export function element(name: string, attributes: Attributes, content: string | readonly string[] = ''): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? px(value) : escapeXml(value!)}"`)
    .join('');
  const inner = typeof content === 'string' ? content : content.join('');
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
}

/** A `points` attribute value from coordinate pairs. */
export function pointList(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y]) => `${px(x)},${px(y)}`).join(' ');
}
