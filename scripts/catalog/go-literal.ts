/**
 * Reads the data out of a generated Go source file: the composite literal assigned to one
 * package variable (`var name = map[string]T{ ... }`), as plain values.
 *
 * The AWS repositories publish their per-instance-type tables as generated Go files (the VPC CNI's
 * ENI limits, Karpenter's prices and bandwidths, the VPC resource controller's branch ENI limits).
 * This reads the subset of Go those tables use: string, number and boolean literals, identifiers,
 * `//` comments, and composite literals with or without a type (`[]NetworkCard{ {...} }`,
 * `map[string]int64{ "a": 1 }`), keyed or positional. It evaluates nothing and never runs code.
 */

/** A Go literal as data: keyed composites become Maps in source order, positional ones arrays. */
export type GoValue = string | number | boolean | readonly GoValue[] | ReadonlyMap<string, GoValue>;

type Token =
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly text: string; readonly at: number }
  | { readonly kind: 'ident'; readonly text: string; readonly at: number }
  | { readonly kind: 'punct'; readonly text: string; readonly at: number };

const PUNCT = new Set(['{', '}', '[', ']', '(', ')', ':', ',', '*', '&', '=', '.']);

/** Splits Go source into tokens, dropping comments and white space. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) throw new SyntaxError(`unterminated comment at offset ${i}`);
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) throw new SyntaxError(`unterminated string at offset ${i}`);
      tokens.push({ kind: 'string', text: JSON.parse(source.slice(i, j + 1)) as string, at: i });
      i = j + 1;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end === -1) throw new SyntaxError(`unterminated raw string at offset ${i}`);
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^-?[0-9][0-9_]*(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(source.slice(i, i + 64))!;
      tokens.push({ kind: 'number', text: m[0].replaceAll('_', ''), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256))!;
      tokens.push({ kind: 'ident', text: m[0], at: i });
      i += m[0].length;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, at: i });
      i++;
    } else {
      i++; // other operators never occur inside the tables read here
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private next(): Token {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new SyntaxError('unexpected end of input');
    return t;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text || (t.kind !== 'punct' && t.kind !== 'ident')) throw new SyntaxError(`expected '${text}' at offset ${t.at}, got '${t.text}'`);
  }

  /** Positions the parser at the `{` of the literal assigned to `name`. */
  seekVariable(name: string): void {
    for (let i = 0; i < this.tokens.length - 1; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'ident' && t.text === name && this.tokens[i + 1]!.text === '=') {
        this.pos = i + 2;
        this.skipType();
        return;
      }
    }
    throw new SyntaxError(`no variable '${name}' is assigned in this file`);
  }

  /** Skips a type expression (`map[string]*T`, `[]pkg.T`) up to the `{` that opens its literal. */
  private skipType(): void {
    while (this.peek()?.text !== '{') this.next();
  }

  value(): GoValue {
    const t = this.peek();
    if (t === undefined) throw new SyntaxError('unexpected end of input');
    if (t.kind === 'string') return this.next().text;
    if (t.kind === 'number') return Number(this.next().text);
    if (t.kind === 'ident') {
      const after = this.peek(1)?.text;
      if (after === ',' || after === '}') {
        this.next();
        if (t.text === 'true') return true;
        if (t.text === 'false') return false;
        return t.text;
      }
    }
    this.skipType();
    return this.composite();
  }

  private composite(): GoValue {
    this.expect('{');
    const keyed = new Map<string, GoValue>();
    const positional: GoValue[] = [];
    for (let t = this.peek(); t?.text !== '}'; t = this.peek()) {
      if (t === undefined) throw new SyntaxError('unexpected end of input inside a composite literal');
      const isKey = (t.kind === 'string' || t.kind === 'ident') && this.peek(1)?.text === ':';
      if (isKey) {
        this.next();
        this.next();
        if (keyed.has(t.text)) throw new SyntaxError(`duplicate key '${t.text}' at offset ${t.at}`);
        keyed.set(t.text, this.value());
      } else {
        positional.push(this.value());
      }
      if (this.peek()?.text === ',') this.next();
    }
    this.expect('}');
    if (keyed.size > 0 && positional.length > 0) throw new SyntaxError('a composite literal mixes keyed and positional elements');
    return keyed.size > 0 ? keyed : positional;
  }
}

/**
 * The literal assigned to package variable `name` in Go `source`. Throws a SyntaxError naming
 * the offset when the file is not of the expected shape.
 */
export function readGoVariable(source: string, name: string): GoValue {
  const parser = new Parser(tokenize(source));
  parser.seekVariable(name);
  return parser.value();
}

/** `value` as a keyed composite, or a TypeError naming `what`. */
export function asMap(value: GoValue | undefined, what: string): ReadonlyMap<string, GoValue> {
  if (!(value instanceof Map)) throw new TypeError(`${what}: expected a keyed composite literal`);
  return value;
}

/** `value` as a positional composite, or a TypeError naming `what`. */
export function asList(value: GoValue | undefined, what: string): readonly GoValue[] {
  if (!Array.isArray(value)) throw new TypeError(`${what}: expected a list literal`);
  return value;
}

export function asNumber(value: GoValue | undefined, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`${what}: expected a number`);
  return value;
}

export function asString(value: GoValue | undefined, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what}: expected a string`);
  return value;
}

export function asBoolean(value: GoValue | undefined, what: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what}: expected a boolean`);
  return value;
}
