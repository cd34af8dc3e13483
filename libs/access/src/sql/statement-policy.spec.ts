import { parseExplainAst } from './explain-ast';
import { checkStatement, type PolicyContext } from './statement-policy';

const context: PolicyContext = {
  database: 'hourglass',
  databases: new Set(['hourglass', 'system', 'information_schema', 'other']),
  tableFunctions: new Set(['file', 'url', 'numbers', 'remote']),
  explainFormat: 'TabSeparatedRaw',
};

/** A tree as `EXPLAIN AST` prints it (chDB quotes each line as CSV). */
const ast = (...lines: string[]) => parseExplainAst(lines.map((l) => `"${l}"`).join('\n'));
const select = (...from: string[]) =>
  ast(
    'SelectWithUnionQuery (children 2)',
    ' ExpressionList (children 1)',
    '  SelectQuery (children 2)',
    '   ExpressionList (children 1)',
    '    Asterisk',
    '   TablesInSelectQuery (children 1)',
    '    TablesInSelectQueryElement (children 1)',
    '     TableExpression (children 1)',
    ...from.map((l) => '      ' + l),
    ' Identifier TabSeparatedRaw',
  );

describe('checkStatement', () => {
  it.each([
    ['a table of our own', select('TableIdentifier invoices')],
    ['a table of our own, qualified', select('TableIdentifier hourglass.invoices (alias i)')],
    ['numbers()', select('Function numbers (children 1)', ' ExpressionList (children 1)', '  Literal UInt64_10')],
  ])('allows %s', (_name, tree) => {
    expect(() => checkStatement(tree, context)).not.toThrow();
  });

  it.each([
    ['another database', select('TableIdentifier other.t'), /not other/],
    ['a table function', select("Function file (children 1)", ' ExpressionList (children 1)', "  Literal '/etc/passwd'"), /file\(\) is not allowed/],
    ['one shard of a table (a cluster\'s <name>_local)', select('TableIdentifier hourglass.usage_outcomes_local (alias u)'), /read usage_outcomes, which reads every shard/],
    ['an unknown node kind', select('SomethingNew'), /SomethingNew is not allowed/],
    ['a statement without our FORMAT last', ast('SelectWithUnionQuery (children 1)', ' ExpressionList (children 0)'), /could not be read/],
    [
      'INTO OUTFILE',
      ast('SelectWithUnionQuery (children 3)', ' ExpressionList (children 0)', " Literal '/tmp/x'", ' Identifier TabSeparatedRaw'),
      /INTO OUTFILE/,
    ],
    ['an INSERT', ast('InsertQuery (children 1)', ' Identifier TabSeparatedRaw'), /InsertQuery/],
  ])('refuses %s', (_name, tree, message) => {
    expect(() => checkStatement(tree, context)).toThrow(message);
  });
});

describe('parseExplainAst', () => {
  it('refuses a tree whose indentation skips a level', () => {
    expect(() => parseExplainAst('A\n   B')).toThrow(/without a parent/);
  });
});
