import type { AstNode } from './explain-ast';
import { QueryNotAllowed } from './statement-text';

/**
 * The allow-list the parsed statement is held to: one SELECT (WITH, UNION, INTERSECT, EXCEPT and
 * subqueries included), `SHOW TABLES` or `DESCRIBE`, over Hourglass's own database; no table function
 * but `numbers` (bounded by max_rows_to_read), no function that reads files, tables by name,
 * dictionaries or the server's state, no SETTINGS, no INTO OUTFILE. A node kind not named here is
 * refused, so a ClickHouse upgrade that adds syntax refuses it until someone allows it here.
 */
export interface PolicyContext {
  /** Hourglass's database, the current one for unqualified names. */
  database: string;
  /** Every database on the server (system and INFORMATION_SCHEMA included), lower-cased. */
  databases: ReadonlySet<string>;
  /** Every table function the server knows, lower-cased. */
  tableFunctions: ReadonlySet<string>;
  /** The FORMAT the sandbox appended to `EXPLAIN AST`, printed as the root's last child. */
  explainFormat: string;
}

const ROOTS = new Set(['SelectWithUnionQuery', 'ShowTables', 'DescribeQuery']);

const ALLOWED_KINDS = new Set([
  'SelectWithUnionQuery',
  'SelectIntersectExceptQuery',
  'SelectQuery',
  'ExpressionList',
  'TablesInSelectQuery',
  'TablesInSelectQueryElement',
  'TableExpression',
  'TableJoin',
  'ArrayJoin',
  'TableIdentifier',
  'Identifier',
  'Function',
  'Literal',
  'Asterisk',
  'QualifiedAsterisk',
  'ColumnsRegexpMatcher',
  'ColumnsListMatcher',
  'QualifiedColumnsRegexpMatcher',
  'QualifiedColumnsListMatcher',
  'ColumnsTransformerList',
  'ColumnsExceptTransformer',
  'ColumnsReplaceTransformer',
  'ColumnsReplaceTransformer::Replacement',
  'OrderByElement',
  'WithElement',
  'Subquery',
  'WindowDefinition',
  'WindowListElement',
  'InterpolateElement',
  'SampleRatio',
]);

const TABLE_FUNCTIONS_ALLOWED = new Set(['numbers']);

/**
 * Functions refused wherever they appear: they read files, tables named in a string, dictionaries,
 * settings, or the server and its host, or they only waste the server's time.
 */
const FUNCTIONS_DENIED = new Set([
  'file',
  'joinget',
  'joingetornull',
  'hascolumnintable',
  'getsetting',
  'getsettingordefault',
  'getmacro',
  'getserverport',
  'getclienthttpheader',
  'getoskernelversion',
  'getserversetting',
  'getmergetreesetting',
  'filesystemavailable',
  'filesystemcapacity',
  'filesystemunreserved',
  'sleep',
  'sleepeachrow',
  'addresstoline',
  'addresstolinewithinlines',
  'addresstosymbol',
  'demangle',
  'trap',
  'catboostevaluate',
  'evalmlmethod',
  'modelevaluate',
  'showcertificate',
  'hostname',
  'fqdn',
  'tcpport',
  'serveruuid',
  'uptime',
  'zookeepersessionuptime',
  'currentuser',
  'currentprofiles',
  'currentroles',
  'enabledroles',
  'defaultroles',
  'enabledprofiles',
  'initialqueryid',
  'queryid',
  'transactionid',
  'transactionlatestsnapshot',
  'transactionoldestsnapshot',
  'buildid',
  'globalvariable',
]);
const DENIED_PREFIXES = ['dict', '__', 'getsubcolumn'];

function refuse(message: string): never {
  throw new QueryNotAllowed(message);
}

function checkDatabase(name: string, context: PolicyContext, what: string): void {
  const parts = name.split('.');
  if (parts.length < 2) return;
  const first = parts[0].toLowerCase();
  if (first !== context.database.toLowerCase() && (what === 'table' || context.databases.has(first))) {
    refuse(`${what} ${name}: only Hourglass's own database may be read, not ${parts[0]}`);
  }
}

/**
 * On a cluster `<name>_local` is one shard's part of `<name>` (migration 025), on whichever node the
 * query lands: a total over it would be wrong without saying so. `<name>` reads every shard.
 */
function checkShardPart(name: string): void {
  const table = name.split(' ')[0]!.split('.').pop()!;
  if (/_local$/i.test(table)) refuse(`table ${table} holds one shard's rows on a cluster; read ${table.slice(0, -'_local'.length)}, which reads every shard`);
}

function checkFunction(node: AstNode, parent: AstNode | null, context: PolicyContext): void {
  const name = node.name.split(' ')[0];
  const lower = name.toLowerCase();
  if (parent?.kind === 'TableExpression') {
    if (!TABLE_FUNCTIONS_ALLOWED.has(lower)) refuse(`the table function ${name}() is not allowed`);
    return;
  }
  if (context.tableFunctions.has(lower) && !TABLE_FUNCTIONS_ALLOWED.has(lower)) refuse(`the function ${name}() is not allowed`);
  if (FUNCTIONS_DENIED.has(lower) || DENIED_PREFIXES.some((p) => lower.startsWith(p))) refuse(`the function ${name}() is not allowed`);
}

function walk(node: AstNode, parent: AstNode | null, context: PolicyContext): void {
  if (node.kind === 'Set') refuse('a SETTINGS clause is not allowed (the sandbox sets the limits)');
  if (!ALLOWED_KINDS.has(node.kind)) refuse(`${node.kind} is not allowed in a read-only query`);
  if (node.kind === 'Function') checkFunction(node, parent, context);
  if (node.kind === 'TableIdentifier') {
    checkDatabase(node.name, context, 'table');
    checkShardPart(node.name);
  }
  if (node.kind === 'Identifier') checkDatabase(node.name, context, 'name');
  for (const child of node.children) walk(child, node, context);
}

/** Throws QueryNotAllowed naming the first thing refused; returns when the whole tree is allowed. */
export function checkStatement(root: AstNode, context: PolicyContext): void {
  if (!ROOTS.has(root.kind)) refuse(`${root.kind}: only read-only statements are allowed: SELECT (or WITH), SHOW TABLES, DESCRIBE`);
  const children = [...root.children];
  const last = children.pop();
  if (!last || last.kind !== 'Identifier' || last.name !== context.explainFormat) refuse('the statement could not be read as one query');
  if (root.kind === 'ShowTables') {
    if (children.length > 0) refuse("SHOW TABLES FROM another database is not allowed: SHOW TABLES lists Hourglass's own");
    return;
  }
  const [body, ...rest] = children;
  for (const extra of rest) {
    if (extra.kind === 'Literal') refuse('INTO OUTFILE is not allowed');
    if (extra.kind === 'Set') refuse('a SETTINGS clause is not allowed (the sandbox sets the limits)');
    refuse(`${extra.kind} ${extra.name} is not allowed after the query`);
  }
  if (!body) refuse('the statement is empty');
  walk(body, root, context);
}
