import { basename } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

/** A position in a YAML document: `rules[4].purpose` is ['rules', 4, 'purpose']. */
export type YamlPath = readonly (string | number)[];

/** One problem found in a YAML file, located to its line. */
export interface Problem {
  file: string;
  line: number;
  path: string;
  message: string;
  hint?: string;
}

/** `policy.yaml:23 rules[4].purpose: unknown purpose "x"`. */
export function formatProblem(p: Problem): string {
  const at = p.path ? ` ${p.path}:` : '';
  return `${p.file}:${p.line}${at} ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`;
}

export function formatPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A parsed YAML file that can say on which line any path lies. */
export class YamlSource {
  readonly file: string;
  private readonly lines = new LineCounter();
  private readonly doc: Document;

  constructor(path: string, text: string) {
    this.file = basename(path);
    this.doc = parseDocument(text, { lineCounter: this.lines, keepSourceTokens: true, uniqueKeys: true });
  }

  /** Syntax errors (bad indentation, duplicate keys, several documents, no content), each with its line. */
  syntaxProblems(): Problem[] {
    const problems = this.doc.errors.map((err) => ({
      file: this.file,
      line: err.linePos?.[0].line ?? 1,
      path: '',
      message:
        err.code === 'MULTIPLE_DOCS'
          ? 'the file holds more than one YAML document'
          : yamlMessage(err.message),
    }));
    if (!problems.length && this.doc.contents === null) {
      problems.push({ file: this.file, line: 1, path: '', message: 'the file is empty' });
    }
    return problems;
  }

  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /** The line of the node at `path`, or of its nearest existing ancestor. */
  lineOf(path: YamlPath): number {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  problem(path: YamlPath, message: string, hint?: string): Problem {
    const p: Problem = { file: this.file, line: this.lineOf(path), path: formatPath(path), message };
    if (hint) p.hint = hint;
    return p;
  }
}

/** The yaml library's first message line without its own position suffix (the line is shown already). */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? 'invalid YAML';
  return first.replace(/ at line \d+, column \d+:?$/, '');
}
