/**
 * The tree ClickHouse prints for `EXPLAIN AST`: one node a line, children indented one space deeper,
 * e.g. ` Function file (alias f) (children 1)`. Only what the policy needs is kept: the node's kind
 * and the name or value after it.
 */
export interface AstNode {
  kind: string;
  /** `file` in `Function file`, `system.one` in `TableIdentifier system.one`, the literal's text. */
  name: string;
  children: AstNode[];
}

export class UnreadableAst extends Error {}

function unquoteLine(line: string): string {
  // chDB prints EXPLAIN's rows CSV-quoted whatever the format; a server prints them raw.
  if (line.length >= 2 && line.startsWith('"') && line.endsWith('"')) return line.slice(1, -1).replace(/""/g, '"');
  return line;
}

export function parseExplainAst(output: string): AstNode {
  const lines = output.split('\n').map(unquoteLine).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new UnreadableAst('EXPLAIN AST printed nothing');
  const stack: AstNode[] = [];
  let root: AstNode | null = null;
  for (const line of lines) {
    const depth = line.length - line.trimStart().length;
    const body = line
      .trim()
      .replace(/ \(children \d+\)$/, '')
      .replace(/ \(alias [^()]*\)$/, '');
    const space = body.indexOf(' ');
    const node: AstNode = { kind: space === -1 ? body : body.slice(0, space), name: space === -1 ? '' : body.slice(space + 1).trim(), children: [] };
    if (depth === 0) {
      if (root) throw new UnreadableAst('EXPLAIN AST printed more than one tree');
      root = node;
    } else {
      const parent = stack[depth - 1];
      if (!parent || stack.length < depth) throw new UnreadableAst(`a node at depth ${depth} without a parent: ${line.trim()}`);
      parent.children.push(node);
    }
    stack.length = depth;
    stack.push(node);
  }
  return root!;
}
