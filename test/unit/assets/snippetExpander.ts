// A small expander for VS Code snippet bodies, enough to check what a user gets when they accept the
// defaults (or type given values) at each tab stop. Supports the snippet grammar's tab stops (`$1`,
// `${1}`), placeholders with nested content (`${1:default ${2:inner}}`), choices (`${1|a,b|}`, the first
// option is the default), the final cursor `$0`, variables (`$NAME`, `${NAME:default}`, rendered as their
// default) and the escapes `\$`, `\}`, `\\` (and `\,`, `\|` inside choices).
// Mirrors behave as in VS Code: every occurrence of a tab stop shows the same text, the default of the
// first occurrence that has one.

export type SnippetNode =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'tabstop'; readonly index: number; readonly children?: readonly SnippetNode[] }
  | { readonly type: 'choice'; readonly index: number; readonly options: readonly string[] }
  | { readonly type: 'variable'; readonly name: string; readonly children?: readonly SnippetNode[] };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): SnippetNode[] {
    const nodes = this.nodes(false);
    if (this.pos < this.src.length) throw new Error(`unexpected "${this.src[this.pos]}" at ${this.pos}`);
    return nodes;
  }

  /** Nodes up to the end, or up to the unescaped `}` closing the enclosing placeholder (not consumed). */
  private nodes(inPlaceholder: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = () => { if (text) { out.push({ type: 'text', value: text }); text = ''; } };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\' && '$}\\'.includes(this.src[this.pos + 1] ?? '')) {
        text += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === '}' && inPlaceholder) {
        break;
      } else if (c === '$') {
        const node = this.dollar();
        if (node) { flush(); out.push(node); } else { text += '$'; this.pos++; }
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    return out;
  }

  /** A construct starting with `$` at pos, or undefined (pos unchanged) when the `$` is literal text. */
  private dollar(): SnippetNode | undefined {
    const rest = this.src.slice(this.pos);
    let m = /^\$(\d+)/.exec(rest);
    if (m) { this.pos += m[0].length; return { type: 'tabstop', index: Number(m[1]) }; }
    m = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) { this.pos += m[0].length; return { type: 'variable', name: m[1] }; }
    m = /^\$\{(\d+)\}/.exec(rest);
    if (m) { this.pos += m[0].length; return { type: 'tabstop', index: Number(m[1]) }; }
    m = /^\$\{(\d+)\|/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      return { type: 'choice', index: Number(m[1]), options: this.choiceOptions() };
    }
    m = /^\$\{(\d+):/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      const children = this.nodes(true);
      this.expect('}');
      return { type: 'tabstop', index: Number(m[1]), children };
    }
    m = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)(:|\})/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      if (m[2] === '}') return { type: 'variable', name: m[1] };
      const children = this.nodes(true);
      this.expect('}');
      return { type: 'variable', name: m[1], children };
    }
    return undefined;
  }

  private choiceOptions(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\' && ',|\\'.includes(this.src[this.pos + 1] ?? '')) {
        current += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === ',') {
        options.push(current);
        current = '';
        this.pos++;
      } else if (c === '|' && this.src[this.pos + 1] === '}') {
        options.push(current);
        this.pos += 2;
        return options;
      } else {
        current += c;
        this.pos++;
      }
    }
    throw new Error('unterminated choice');
  }

  private expect(c: string): void {
    if (this.src[this.pos] !== c) throw new Error(`expected "${c}" at ${this.pos}`);
    this.pos++;
  }
}

export function parseSnippet(body: string | readonly string[]): SnippetNode[] {
  return new Parser(typeof body === 'string' ? body : body.join('\n')).parse();
}

/** Every tab stop and choice of a body, in document order (nested ones included). */
export function tabStops(nodes: readonly SnippetNode[]): Extract<SnippetNode, { index: number }>[] {
  const out: Extract<SnippetNode, { index: number }>[] = [];
  const walk = (list: readonly SnippetNode[]) => {
    for (const n of list) {
      if (n.type === 'tabstop' || n.type === 'choice') out.push(n);
      if ((n.type === 'tabstop' || n.type === 'variable') && n.children) walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/**
 * The text inserted when the user accepts every default, except at the tab stops given in `typed`
 * (what the user types there; mirrors and placeholders that contain the tab stop follow).
 */
export function expandSnippet(body: string | readonly string[], typed: Readonly<Record<number, string>> = {}): string {
  const nodes = parseSnippet(body);
  const definitions = new Map<number, Extract<SnippetNode, { index: number }>>();
  for (const t of tabStops(nodes)) {
    const hasDefault = t.type === 'choice' || (t.children !== undefined && t.children.length > 0);
    if (hasDefault && !definitions.has(t.index)) definitions.set(t.index, t);
  }
  const resolving = new Set<number>();
  const valueOf = (index: number): string => {
    if (typed[index] !== undefined) return typed[index];
    const def = definitions.get(index);
    if (!def) return '';
    if (resolving.has(index)) throw new Error(`tab stop ${index} contains itself`);
    resolving.add(index);
    try {
      return def.type === 'choice' ? def.options[0] : render(def.children ?? []);
    } finally {
      resolving.delete(index);
    }
  };
  const render = (list: readonly SnippetNode[]): string => list.map((n) => {
    switch (n.type) {
      case 'text': return n.value;
      case 'tabstop':
      case 'choice': return valueOf(n.index);
      case 'variable': return render(n.children ?? []);
    }
  }).join('');
  return render(nodes);
}
