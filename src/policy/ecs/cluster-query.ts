/**
 * The ECS cluster query language: the expressions of `memberOf` placement constraints (and of
 * `list-container-instances --filter`), e.g.
 *
 *     attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d
 *
 * Follows the Amazon ECS Developer Guide page "Create expressions to define container instances
 * for Amazon ECS tasks" (cluster-query-language):
 *
 * - A condition is `subject operator [argument]`. Subjects are `attribute:<name>`,
 *   `agentConnected`, `agentVersion`, `ec2InstanceId`, `registeredAt`, `runningTasksCount` and
 *   `task:group`; the page lists the valid operators of every subject except `attribute:` and
 *   `task:group`, and those lists are enforced here.
 * - Operators: `==`/`equals`, `!=`/`not_equals`, `>`/`greater_than`, `>=`/`greater_than_equal`,
 *   `<`/`less_than`, `<=`/`less_than_equal`, `exists`, `!exists`/`not_exists`, `in`,
 *   `!in`/`not_in`, `=~`/`matches`, `!~`/`not_matches`.
 * - `in`/`not_in` take an argument list written `[a, b, ...]`. A single condition cannot contain
 *   parentheses (the page says so), so `(a, b)` is rejected with a hint to use brackets.
 * - `matches`/`not_matches` take a Java regular expression (not a shell wildcard: `g2.*` is `g2`
 *   followed by anything because `.*` is "any characters"). Java's `matches()` is a whole-string
 *   match, so the pattern is anchored at both ends. It is run as a JavaScript RegExp, which agrees
 *   with Java on the common syntax; a leading `(?i)` is honoured as case-insensitive.
 * - Conditions combine with `and`/`&&`, `or`/`||`, `not`/`!` and parentheses. The page gives no
 *   precedence table, so the conventional one applies: `not` binds tightest, then `and`, then `or`.
 *
 * Semantics fixed here (the page leaves them implicit):
 * - A comparison holds only when the subject has a value that satisfies it. The page's example
 *   `attribute:stack != prod` lists instances "with the custom attribute stack unless the value is
 *   prod", so an instance without the attribute matches neither `==` nor `!=`; only `!exists`
 *   (or `not(...)`) selects it.
 * - `task:group` is multi-valued (one value per task on the instance), and a comparison holds if
 *   some task's group satisfies it: `task:group == databases` is affinity, and anti-affinity is
 *   `not(task:group == databases)` as the page writes it (`task:group != databases` means "hosts
 *   some task outside databases", which is why the page does not use it).
 * - `==`/`!=` are string equality, as the page's operator table says; ordering operators compare
 *   numerically when both sides are decimal numbers and as strings otherwise. Typed subjects
 *   compare by type: `runningTasksCount` as a number, `agentVersion` component-wise as a dotted
 *   version (so `1.9.0 < 1.14.5`), `registeredAt` as an instant (the page's four date formats;
 *   ones without an offset are UTC).
 *
 * Parsing happens once and compiles the expression into a tree of small node objects; evaluating
 * walks that tree and allocates nothing beyond the target's own iterator over task groups, because
 * it runs for every candidate instance on the placement hot path.
 */
import { didYouMean, editDistance } from '../../engine/did-you-mean.js';

// ---------------------------------------------------------------------------------------------
// Public types

/** Built-in fields of a container instance that a query can name (besides attributes and task groups). */
export type QueryProperty = 'agentConnected' | 'agentVersion' | 'ec2InstanceId' | 'registeredAt' | 'runningTasksCount';

/** What a condition looks at. */
export type QuerySubject =
  | { readonly kind: 'attribute'; readonly name: string }
  | { readonly kind: 'property'; readonly name: QueryProperty }
  | { readonly kind: 'task-group' };

/** Comparison operators, in their canonical (symbol) spelling. */
export type QueryOperator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | '!exists' | 'in' | '!in' | '=~' | '!~';

/** `subject operator [argument]`. */
export interface QueryCondition {
  readonly kind: 'condition';
  readonly subject: QuerySubject;
  readonly operator: QueryOperator;
  /** The argument: none for `exists`/`!exists`, one or more for `in`/`!in`, exactly one otherwise. */
  readonly values: readonly string[];
}

export interface QueryAnd {
  readonly kind: 'and';
  readonly operands: readonly QueryExpr[];
}

export interface QueryOr {
  readonly kind: 'or';
  readonly operands: readonly QueryExpr[];
}

export interface QueryNot {
  readonly kind: 'not';
  readonly operand: QueryExpr;
}

/** The syntax tree of a query: plain data, safe to build by hand and pass to {@link buildClusterQuery}. */
export type QueryExpr = QueryCondition | QueryAnd | QueryOr | QueryNot;

/** One compiled node of the evaluation tree. */
export interface QueryNode {
  matches(target: QueryTarget): boolean;
}

/** A validated, compiled query. Immutable; share it freely. */
export interface ClusterQuery {
  readonly expr: QueryExpr;
  /** The compiled evaluation tree (see {@link evaluateClusterQuery}). */
  readonly root: QueryNode;
  /** Distinct attribute names the query reads, in order of first use. */
  readonly attributes: readonly string[];
}

export type ClusterQueryParseResult =
  | { readonly ok: true; readonly query: ClusterQuery }
  | { readonly ok: false; readonly message: string; readonly column: number };

/**
 * A container instance as a query sees it. Implement it over the host cheaply: every method is
 * called on the placement hot path, so answer from existing state without building collections.
 */
export interface QueryTarget {
  /**
   * The value of attribute `name` (built-in like `ecs.instance-type`, or custom), `undefined`
   * when the instance does not have it. An attribute that exists without a value is `''`.
   */
  attribute(name: string): string | undefined;
  /**
   * A built-in field; `undefined` when unknown (every comparison on it is then false).
   * - `agentConnected`: boolean (or `'true'`/`'false'`).
   * - `agentVersion`: dotted version string, e.g. `'1.14.5'`.
   * - `ec2InstanceId`: e.g. `'i-0abc...'`.
   * - `registeredAt`: epoch milliseconds (UTC) — the adapter maps simulated time onto a calendar
   *   epoch — or a date string in one of the formats the page lists.
   * - `runningTasksCount`: a number.
   */
  property(name: QueryProperty): string | number | boolean | undefined;
  /**
   * The task group of every task on the instance (duplicates allowed, order irrelevant): service
   * tasks are in `service:<name>`, standalone tasks default to `family:<task-definition-family>`.
   * Which tasks count is the adapter's call; ECS counts those placed and not yet stopped.
   * Return an existing collection (e.g. the keys of a group -> count map), not a fresh array.
   */
  taskGroups(): Iterable<string>;
}

// ---------------------------------------------------------------------------------------------
// Public functions

/**
 * Parses and compiles a cluster query. Never throws: malformed input yields `ok: false` with a
 * message that names the problem and its 1-based `column` (an offset into `text`; a multi-line
 * text counts as one line), and suggests a fix where one is likely.
 */
export function parseClusterQuery(text: string): ClusterQueryParseResult {
  let expr: QueryExpr;
  try {
    expr = new Parser(text).parseQuery();
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, message: error.message, column: error.offset + 1 };
    // Anything else is a bug in this parser, not in the user's text; say so rather than throw.
    return { ok: false, message: `internal error parsing the expression: ${String(error)}`, column: 1 };
  }
  return { ok: true, query: compileQuery(expr) };
}

/**
 * Validates and compiles a hand-built syntax tree (what `parseClusterQuery` does after parsing).
 * Throws RangeError on an invalid tree: programmatic trees are code, so a bad one is a bug.
 */
export function buildClusterQuery(expr: QueryExpr): ClusterQuery {
  validateTree(expr);
  return compileQuery(expr);
}

/** Whether `target` satisfies `query`. Walks the compiled tree; allocates nothing itself. */
export function evaluateClusterQuery(query: ClusterQuery, target: QueryTarget): boolean {
  return query.root.matches(target);
}

/**
 * Canonical text: symbol operators, `and`/`or`/`not(...)`, single spaces, parentheses only where
 * precedence needs them, values quoted only when they must be. Parsing it yields an equivalent
 * query, and formatting that yields the same text.
 */
export function formatClusterQuery(query: ClusterQuery | QueryExpr): string {
  return formatExpr('kind' in query ? query : query.expr, PREC_OR);
}

/** Distinct attribute names (without `attribute:`) the query reads, in order of first use. */
export function queryAttributes(query: ClusterQuery): string[] {
  return [...query.attributes];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const PROPERTIES: readonly QueryProperty[] = ['agentConnected', 'agentVersion', 'ec2InstanceId', 'registeredAt', 'runningTasksCount'];

/** Built-in and optional attributes ECS applies; used only to suggest `attribute:` when it was left off. */
const KNOWN_ATTRIBUTES: readonly string[] = [
  'ecs.ami-id',
  'ecs.availability-zone',
  'ecs.instance-type',
  'ecs.os-type',
  'ecs.os-family',
  'ecs.cpu-architecture',
  'ecs.vpc-id',
  'ecs.subnet-id',
  'ecs.awsvpc-trunk-id',
  'ecs.outpost-arn',
  'ecs.capability.external',
];

const ALL_OPERATORS: readonly QueryOperator[] = ['==', '!=', '>', '>=', '<', '<=', 'exists', '!exists', 'in', '!in', '=~', '!~'];
/** The page's list for agentConnected and ec2InstanceId. */
const MATCHING_OPERATORS: readonly QueryOperator[] = ['==', '!=', 'in', '!in', '=~', '!~'];
/** The page's list for agentVersion, registeredAt and runningTasksCount. */
const ORDERING_OPERATORS: readonly QueryOperator[] = ['==', '!=', '>', '>=', '<', '<='];

const OPERATOR_SPELLINGS: ReadonlyMap<string, QueryOperator> = new Map<string, QueryOperator>([
  ['==', '=='],
  ['equals', '=='],
  ['!=', '!='],
  ['not_equals', '!='],
  ['>', '>'],
  ['greater_than', '>'],
  ['>=', '>='],
  ['greater_than_equal', '>='],
  ['<', '<'],
  ['less_than', '<'],
  ['<=', '<='],
  ['less_than_equal', '<='],
  ['exists', 'exists'],
  ['!exists', '!exists'],
  ['not_exists', '!exists'],
  ['in', 'in'],
  ['!in', '!in'],
  ['not_in', '!in'],
  ['=~', '=~'],
  ['matches', '=~'],
  ['!~', '!~'],
  ['not_matches', '!~'],
]);

const WORD_OPERATORS: readonly string[] = [...OPERATOR_SPELLINGS.keys()].filter((s) => /^[a-z_]+$/.test(s));

/** Symbol spellings people reach for from other languages. */
const SYMBOL_TYPOS: ReadonlyMap<string, string> = new Map([
  ['=', '=='],
  ['===', '=='],
  ['!==', '!='],
  ['<>', '!='],
  ['=!', '!='],
  ['=>', '>='],
  ['=<', '<='],
  ['~', '=~'],
  ['~=', '=~'],
  ['==~', '=~'],
  ['~!', '!~'],
  ['!=~', '!~'],
  ['!', '!='],
  ['&', '&&'],
  ['|', '||'],
]);

type SubjectType = 'string' | 'boolean' | 'version' | 'timestamp' | 'count';

function subjectType(subject: QuerySubject): SubjectType {
  if (subject.kind !== 'property') return 'string';
  switch (subject.name) {
    case 'agentConnected':
      return 'boolean';
    case 'agentVersion':
      return 'version';
    case 'registeredAt':
      return 'timestamp';
    case 'runningTasksCount':
      return 'count';
    case 'ec2InstanceId':
      return 'string';
  }
}

function operatorsFor(subject: QuerySubject): readonly QueryOperator[] {
  switch (subjectType(subject)) {
    case 'boolean':
      return MATCHING_OPERATORS;
    case 'version':
    case 'timestamp':
    case 'count':
      return ORDERING_OPERATORS;
    case 'string':
      return subject.kind === 'property' ? MATCHING_OPERATORS : ALL_OPERATORS;
  }
}

function subjectText(subject: QuerySubject): string {
  switch (subject.kind) {
    case 'attribute':
      return `attribute:${subject.name}`;
    case 'property':
      return subject.name;
    case 'task-group':
      return 'task:group';
  }
}

/** The page's rule for custom attribute names: 1-128 of letters, digits, `-`, `_`, `/`, `\`, `.`. */
function attributeNameProblem(name: string): { problem: string; at: number } | undefined {
  if (name.length === 0) return { problem: "expected an attribute name after 'attribute:'", at: 0 };
  for (let i = 0; i < name.length; i++) {
    if (!isAttributeNameChar(name.charCodeAt(i))) {
      return { problem: `invalid character '${name[i]}' in attribute name '${name}' (names may use letters, digits, '-', '_', '/', '\\' and '.')`, at: i };
    }
  }
  if (name.length > 128) return { problem: `attribute name '${name.slice(0, 20)}...' is longer than 128 characters`, at: 0 };
  return undefined;
}

function isAttributeNameChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 /* - */ || c === 95 /* _ */ || c === 47 /* / */ || c === 92 /* \ */ || c === 46 /* . */
  );
}

/** Why `value` is not a valid argument of `operator` on `subject`, or undefined if it is. */
function argumentProblem(subject: QuerySubject, operator: QueryOperator, value: string): string | undefined {
  if (operator === '=~' || operator === '!~') {
    const compiled = compilePattern(value);
    return typeof compiled === 'string' ? `invalid regular expression '${value}': ${compiled}` : undefined;
  }
  switch (subjectType(subject)) {
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : `agentConnected is true or false, not '${value}'`;
    case 'version':
      return parseVersion(value) === undefined ? `'${value}' is not an agent version (expected numbers separated by dots, like 1.14.5)` : undefined;
    case 'timestamp':
      return parseTimestamp(value) === undefined
        ? `'${value}' is not a valid date (use 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18)`
        : undefined;
    case 'count':
      return /^[0-9]+$/.test(value) ? undefined : `runningTasksCount compares with a whole number, not '${value}'`;
    case 'string':
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

/** Internal: carries a located problem out of the recursive descent to parseClusterQuery. */
class SyntaxProblem {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** Deep enough for any real query; stops adversarial input from exhausting the stack. */
const MAX_NESTING = 100;

const PREC_OR = 1;
const PREC_AND = 2;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters that end a word (subject, keyword) wherever they appear. */
function isDelimiter(c: number): boolean {
  return (
    isSpace(c) ||
    c === 40 /* ( */ ||
    c === 41 /* ) */ ||
    c === 91 /* [ */ ||
    c === 93 /* ] */ ||
    c === 44 /* , */ ||
    c === 39 /* ' */ ||
    c === 34 /* " */
  );
}

function isOperatorSymbol(c: number): boolean {
  return c === 61 /* = */ || c === 33 /* ! */ || c === 60 /* < */ || c === 62 /* > */ || c === 126 /* ~ */;
}

function isConnectiveSymbol(c: number): boolean {
  return c === 38 /* & */ || c === 124 /* | */;
}

interface LastCondition {
  readonly operator: string;
  readonly bareValue: boolean;
}

class Parser {
  private pos = 0;
  private depth = 0;
  /** Open parentheses, innermost last: their offsets, for "never closed" messages. */
  private readonly open: number[] = [];
  /** Describes the token before the current position, for "expected X after Y" messages. */
  private after = '';
  private last: LastCondition | undefined;

  constructor(private readonly text: string) {}

  parseQuery(): QueryExpr {
    this.skipSpace();
    if (this.atEnd()) {
      this.fail('empty expression', this.pos, "; expected a condition such as 'attribute:ecs.instance-type == t2.small'");
    }
    const expr = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) this.unexpected();
    return expr;
  }

  // --- compound expressions -----------------------------------------------------------------

  private parseOr(): QueryExpr {
    const operands = [this.parseAnd()];
    while (this.acceptConnective('or', '||')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands: flatten('or', operands) };
  }

  private parseAnd(): QueryExpr {
    const operands = [this.parseUnary()];
    while (this.acceptConnective('and', '&&')) operands.push(this.parseUnary());
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands: flatten('and', operands) };
  }

  private parseUnary(): QueryExpr {
    this.skipSpace();
    const start = this.pos;
    let negated = false;
    if (this.charCode(start) === 33 /* ! */) {
      this.pos = start + 1;
      this.after = "'!'";
      negated = true;
    } else if (this.keywordAt(start) === 'not') {
      this.pos = start + 3;
      this.after = "'not'";
      negated = true;
    }
    if (!negated) return this.parsePrimary();
    this.enter(start);
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'not', operand };
  }

  private parsePrimary(): QueryExpr {
    this.skipSpace();
    const start = this.pos;
    const c = this.charCode(start);
    if (c === 40 /* ( */) {
      this.enter(start);
      this.pos++;
      this.open.push(start);
      this.after = "'('";
      const inner = this.parseOr();
      this.skipSpace();
      if (this.atEnd()) this.fail("unbalanced parentheses: '(' is never closed", start, " (add ')' at the end)");
      if (this.charCode(this.pos) !== 41 /* ) */) this.unexpected();
      this.pos++;
      this.open.pop();
      this.depth--;
      this.after = "')'";
      // What follows ')' no longer follows a condition's argument.
      this.last = undefined;
      return inner;
    }
    if (this.atEnd()) this.fail(`expected a condition after ${this.after}`, start);
    if (c === 41 /* ) */) this.fail(this.after === "'('" ? "empty parentheses: expected a condition before ')'" : `expected a condition after ${this.after}`, start);
    const keyword = this.keywordAt(start);
    if (keyword === 'and' || keyword === 'or') this.fail(`expected a condition after ${this.after}`, start, `, found '${keyword}'`);
    return this.parseCondition();
  }

  /** Consumes `word` or `symbol` (with surrounding space) if it comes next. */
  private acceptConnective(word: 'and' | 'or', symbol: '&&' | '||'): boolean {
    this.skipSpace();
    const at = this.pos;
    if (this.text.startsWith(symbol, at)) {
      this.pos = at + 2;
    } else if (this.keywordAt(at) === word) {
      this.pos = at + word.length;
    } else {
      return false;
    }
    this.after = `'${this.text.slice(at, this.pos)}'`;
    return true;
  }

  /** `and`, `or` or `not` when one starts at `at` as a whole word. */
  private keywordAt(at: number): string | undefined {
    for (const keyword of ['and', 'or', 'not']) {
      if (this.text.startsWith(keyword, at)) {
        const next = this.charCode(at + keyword.length);
        if (Number.isNaN(next) || isDelimiter(next) || next === 33 /* ! */) return keyword;
      }
    }
    return undefined;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_NESTING) this.fail(`expression nests more than ${MAX_NESTING} levels deep`, at);
  }

  // --- conditions -----------------------------------------------------------------------------

  private parseCondition(): QueryCondition {
    const start = this.pos;
    const word = this.readWord();
    if (word === '') this.fail('expected a condition', start, `, found '${this.tokenAt(start)}'`);
    const subject = this.resolveSubject(word, start);

    this.skipSpace();
    const opStart = this.pos;
    const opText = this.readOperator();
    if (opText === '') {
      if (this.atEnd()) this.fail(`expected an operator after '${word}'`, opStart, ` (one of ${operatorsFor(subject).join(', ')})`);
      this.fail(`expected an operator after '${word}'`, opStart, `, found '${this.tokenAt(opStart)}'`);
    }
    const operator = OPERATOR_SPELLINGS.get(opText);
    if (operator === undefined) this.fail(`unknown operator '${opText}'`, opStart, this.operatorHint(opText));
    const allowed = operatorsFor(subject);
    if (!allowed.includes(operator)) {
      this.fail(`operator '${opText}' cannot be used with ${word}`, opStart, ` (${word} takes ${allowed.join(', ')})`);
    }

    let values: string[];
    let bareValue = false;
    if (operator === 'exists' || operator === '!exists') {
      values = [];
    } else if (operator === 'in' || operator === '!in') {
      values = this.readList(opText, subject, operator);
    } else {
      const read = this.readScalar(opText);
      bareValue = read.bare;
      const problem = argumentProblem(subject, operator, read.value);
      if (problem !== undefined) this.fail(problem, read.at);
      values = [read.value];
    }
    this.last = { operator: opText, bareValue };
    return { kind: 'condition', subject, operator, values };
  }

  private resolveSubject(word: string, start: number): QuerySubject {
    if (word.startsWith('attribute:')) {
      const name = word.slice('attribute:'.length);
      const problem = attributeNameProblem(name);
      if (problem !== undefined) this.fail(problem.problem, start + 'attribute:'.length + problem.at);
      return { kind: 'attribute', name };
    }
    if (word === 'task:group') return { kind: 'task-group' };
    const property = PROPERTIES.find((p) => p === word);
    if (property !== undefined) return { kind: 'property', name: property };
    this.fail(`unknown subject '${word}'`, start, subjectHint(word));
  }

  private readOperator(): string {
    const start = this.pos;
    const c = this.charCode(start);
    if (isLetter(c)) {
      while (isLetter(this.charCode(this.pos)) || this.charCode(this.pos) === 95 /* _ */) this.pos++;
    } else if (isOperatorSymbol(c)) {
      while (isOperatorSymbol(this.charCode(this.pos))) this.pos++;
      // `!in`, `!exists`: a lone `!` glued to a word.
      if (this.pos === start + 1 && c === 33 /* ! */) {
        while (isLetter(this.charCode(this.pos)) || this.charCode(this.pos) === 95) this.pos++;
      }
    } else if (isConnectiveSymbol(c)) {
      while (isConnectiveSymbol(this.charCode(this.pos))) this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private operatorHint(opText: string): string {
    const symbol = SYMBOL_TYPOS.get(opText);
    if (symbol !== undefined) return ` (did you mean '${symbol}'?)`;
    if (opText === 'not' || opText === '!') {
      // `attribute:x not in [a]`: the negated forms are single operators.
      this.skipSpace();
      const next = this.readOperator();
      const negated = next === '' ? undefined : OPERATOR_SPELLINGS.get(`not_${next}`);
      if (negated !== undefined) return ` (did you mean 'not_${next}'?)`;
    }
    if (/^![a-z_]+$/i.test(opText)) {
      // Only `!exists` and `!in` have a `!` form; `!matches` and friends are `not_...`.
      const word = `not_${opText.slice(1).toLowerCase()}`;
      if (OPERATOR_SPELLINGS.has(word)) return ` (did you mean '${word}'?)`;
      const hint = didYouMean(opText, ['!exists', '!in']);
      if (hint !== '') return hint;
    } else if (/^[a-z_]+$/i.test(opText)) {
      const hint = didYouMean(opText, WORD_OPERATORS);
      if (hint !== '') return hint;
    }
    return '; valid operators are ==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~ (or equals, not_equals, greater_than, greater_than_equal, less_than, less_than_equal, not_exists, not_in, matches, not_matches)';
  }

  /** A single value: quoted, or a bare run up to space, a parenthesis, `&&` or `||`. */
  private readScalar(opText: string): { value: string; at: number; bare: boolean } {
    this.skipSpace();
    const at = this.pos;
    if (this.atEnd()) this.fail(`expected a value after '${opText}'`, at);
    const c = this.charCode(at);
    if (c === 39 || c === 34) return { value: this.readQuoted(), at, bare: false };
    if (c === 91 /* [ */) this.fail(`'${opText}' takes a single value, not a list`, at, ' (lists are for in and not_in)');
    if (c === 40 /* ( */) {
      this.fail(`expected a value after '${opText}'`, at, "; a single condition cannot contain parentheses (quote a value that contains them)");
    }
    const value = this.readBare(false);
    if (value === '') this.fail(`expected a value after '${opText}'`, at, `, found '${this.tokenAt(at)}'`);
    return { value, at, bare: true };
  }

  /** `[v1, v2, ...]` for in / not_in. */
  private readList(opText: string, subject: QuerySubject, operator: QueryOperator): string[] {
    this.skipSpace();
    const open = this.pos;
    const c = this.charCode(open);
    if (this.atEnd()) this.fail(`expected an argument list after '${opText}'`, open, ', written [a, b]');
    if (c === 40 /* ( */) this.fail(`argument lists use square brackets`, open, `: write ${opText} [a, b], not ${opText} (a, b)`);
    if (c !== 91 /* [ */) this.fail(`'${opText}' expects an argument list in square brackets`, open, `, e.g. ${opText} [${this.tokenAt(open)}]`);
    this.pos++;
    const values: string[] = [];
    for (;;) {
      this.skipSpace();
      const at = this.pos;
      if (this.atEnd()) this.fail("unbalanced brackets: '[' is never closed", open, " (add ']')");
      const v = this.charCode(at);
      if (v === 93 /* ] */ && values.length === 0) this.fail('empty argument list: expected at least one value', at);
      let value: string;
      if (v === 39 || v === 34) {
        value = this.readQuoted();
      } else {
        value = this.readBare(true);
        if (value === '') this.fail('expected a value in the argument list', at, `, found '${this.tokenAt(at)}'`);
      }
      const problem = argumentProblem(subject, operator, value);
      if (problem !== undefined) this.fail(problem, at);
      values.push(value);
      this.skipSpace();
      const sep = this.charCode(this.pos);
      if (sep === 44 /* , */) {
        this.pos++;
        continue;
      }
      if (sep === 93 /* ] */) {
        this.pos++;
        return values;
      }
      if (this.atEnd()) this.fail("unbalanced brackets: '[' is never closed", open, " (add ']')");
      this.fail("expected ',' or ']' in the argument list", this.pos, `, found '${this.tokenAt(this.pos)}'`);
    }
  }

  /**
   * A bare value. Outside lists it may contain `[`, `]` and `,` (handy in regular expressions);
   * inside lists those end it. It never contains space, parentheses or quotes, and stops before
   * `&&` and `||` so `a == b&&c == d` reads naturally.
   */
  private readBare(inList: boolean): string {
    const start = this.pos;
    for (;;) {
      const c = this.charCode(this.pos);
      if (Number.isNaN(c) || isSpace(c) || c === 40 || c === 41) break;
      if (inList && (c === 44 || c === 91 || c === 93)) break;
      if (c === 39 || c === 34) {
        if (this.pos === start) break;
        this.fail(`unexpected quote in value '${this.text.slice(start, this.pos)}'`, this.pos, '; quote the whole value instead');
      }
      if ((c === 38 || c === 124) && this.charCode(this.pos + 1) === c) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** `'...'` or `"..."`; a backslash escapes the quote character or another backslash only. */
  private readQuoted(): string {
    const start = this.pos;
    const quote = this.charCode(start);
    let out = '';
    this.pos++;
    while (!this.atEnd()) {
      const c = this.charCode(this.pos);
      if (c === 92 /* \ */) {
        const next = this.charCode(this.pos + 1);
        if (next === quote || next === 92) {
          out += this.text[this.pos + 1];
          this.pos += 2;
          continue;
        }
      }
      if (c === quote) {
        this.pos++;
        return out;
      }
      out += this.text[this.pos];
      this.pos++;
    }
    this.fail('unterminated string', start, `: add the closing ${String.fromCharCode(quote)}`);
  }

  /** A subject or keyword: everything up to a delimiter, an operator symbol, `&` or `|`. */
  private readWord(): string {
    const start = this.pos;
    for (;;) {
      const c = this.charCode(this.pos);
      if (Number.isNaN(c) || isDelimiter(c) || isOperatorSymbol(c) || isConnectiveSymbol(c)) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  // --- errors -----------------------------------------------------------------------------------

  /** Something follows a complete expression that cannot: say what was expected there. */
  private unexpected(): never {
    this.skipSpace();
    const at = this.pos;
    const c = this.charCode(at);
    if (c === 41 /* ) */ && this.open.length === 0) this.fail("unbalanced parentheses: ')' has no matching '('", at);
    const token = this.tokenAt(at);
    if (token === '&' || token === '|') this.fail(`unknown operator '${token}'`, at, ` (did you mean '${token}${token}'?)`);
    const lower = token.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'not') this.fail(`unexpected '${token}'`, at, ` (did you mean '${lower}'?)`);
    const expected = `expected 'and', 'or'${this.open.length > 0 ? ", ')'" : ''} or the end of the expression`;
    if (this.last !== undefined && (this.last.operator === 'exists' || this.last.operator === '!exists' || this.last.operator === 'not_exists')) {
      this.fail(`unexpected '${token}'`, at, `: '${this.last.operator}' takes no argument`);
    }
    if (this.last?.bareValue === true) this.fail(`unexpected '${token}'`, at, `: ${expected} (quote a value that contains spaces)`);
    this.fail(`unexpected '${token}'`, at, `: ${expected}`);
  }

  /** The token at `at`, for quoting in messages. */
  private tokenAt(at: number): string {
    const c = this.charCode(at);
    if (Number.isNaN(c)) return '';
    if (isDelimiter(c)) return this.text[at]!;
    let end = at;
    if (isOperatorSymbol(c)) {
      while (isOperatorSymbol(this.charCode(end))) end++;
    } else if (isConnectiveSymbol(c)) {
      while (isConnectiveSymbol(this.charCode(end))) end++;
    } else {
      while (end < this.text.length && !isDelimiter(this.charCode(end))) end++;
    }
    const token = this.text.slice(at, end);
    return token.length > 40 ? `${token.slice(0, 40)}...` : token;
  }

  private fail(problem: string, offset: number, suffix = ''): never {
    throw new SyntaxProblem(`${problem} at column ${offset + 1}${suffix}`, offset);
  }

  private skipSpace(): void {
    while (isSpace(this.charCode(this.pos))) this.pos++;
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** NaN past the end, so comparisons against character codes are simply false. */
  private charCode(at: number): number {
    return this.text.charCodeAt(at);
  }
}

function flatten(kind: 'and' | 'or', operands: readonly QueryExpr[]): QueryExpr[] {
  // `(a and b) and c` is `a and b and c`: keep one n-ary node so formatting stays flat.
  return operands.flatMap((o) => (o.kind === kind ? o.operands : [o]));
}

/** " (did you mean ...?)" for an unknown subject, or the list of valid subjects. */
function subjectHint(word: string): string {
  const colon = word.indexOf(':');
  if (colon > 0) {
    const prefix = word.slice(0, colon).toLowerCase();
    const rest = word.slice(colon + 1);
    if (editDistance(prefix, 'attribute') <= 2 && rest !== '') return ` (did you mean 'attribute:${rest}'?)`;
    if (editDistance(prefix, 'task') <= 1) return " (did you mean 'task:group'?)";
  }
  if (KNOWN_ATTRIBUTES.includes(word) || (word.includes('.') && /^[A-Za-z]/.test(word))) return ` (did you mean 'attribute:${word}'?)`;
  // Very short words are close to everything; listing the subjects helps more than guessing.
  const hint = word.length >= 4 ? didYouMean(word, [...PROPERTIES, 'task:group']) : '';
  if (hint !== '') return hint;
  return `; subjects are attribute:<name>, ${PROPERTIES.join(', ')} and task:group`;
}

// ---------------------------------------------------------------------------------------------
// Programmatic trees

function validateTree(expr: QueryExpr): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      if (expr.operands.length === 0) throw new RangeError(`'${expr.kind}' needs at least one operand`);
      for (const operand of expr.operands) validateTree(operand);
      return;
    case 'not':
      validateTree(expr.operand);
      return;
    case 'condition': {
      const { subject, operator, values } = expr;
      const name = subjectText(subject);
      if (subject.kind === 'attribute') {
        const problem = attributeNameProblem(subject.name);
        if (problem !== undefined) throw new RangeError(problem.problem);
      } else if (subject.kind === 'property' && !PROPERTIES.includes(subject.name)) {
        throw new RangeError(`unknown subject '${name}'`);
      }
      if (!operatorsFor(subject).includes(operator)) throw new RangeError(`operator '${operator}' cannot be used with ${name}`);
      const arity = operator === 'exists' || operator === '!exists' ? 'none' : operator === 'in' || operator === '!in' ? 'list' : 'one';
      if (arity === 'none' && values.length !== 0) throw new RangeError(`'${operator}' takes no argument`);
      if (arity === 'one' && values.length !== 1) throw new RangeError(`'${operator}' takes exactly one value`);
      if (arity === 'list' && values.length === 0) throw new RangeError(`'${operator}' needs at least one value`);
      for (const value of values) {
        const problem = argumentProblem(subject, operator, value);
        if (problem !== undefined) throw new RangeError(problem);
      }
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

function formatExpr(expr: QueryExpr, parentPrecedence: number): string {
  switch (expr.kind) {
    case 'condition':
      return formatCondition(expr);
    case 'not':
      return `not(${formatExpr(expr.operand, PREC_OR)})`;
    case 'and':
    case 'or': {
      // A one-operand node is its operand: it must be bracketed as its parent requires.
      if (expr.operands.length === 1) return formatExpr(expr.operands[0]!, parentPrecedence);
      const precedence = expr.kind === 'and' ? PREC_AND : PREC_OR;
      const text = expr.operands.map((o) => formatExpr(o, precedence)).join(` ${expr.kind} `);
      return precedence < parentPrecedence ? `(${text})` : text;
    }
  }
}

function formatCondition(c: QueryCondition): string {
  const head = `${subjectText(c.subject)} ${c.operator}`;
  if (c.operator === 'exists' || c.operator === '!exists') return head;
  if (c.operator === 'in' || c.operator === '!in') return `${head} [${c.values.map(formatValue).join(', ')}]`;
  return `${head} ${formatValue(c.values[0] ?? '')}`;
}

/** Bare when it reads back as the same value in any position, else single-quoted. */
function formatValue(value: string): string {
  let bare = value.length > 0 && !value.includes('&&') && !value.includes('||');
  for (let i = 0; bare && i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isDelimiter(c)) bare = false;
  }
  return bare ? value : `'${value.replace(/[\\']/g, (ch) => `\\${ch}`)}'`;
}

// ---------------------------------------------------------------------------------------------
// Compilation

function compileQuery(expr: QueryExpr): ClusterQuery {
  const attributes: string[] = [];
  const root = compileExpr(expr, attributes);
  return Object.freeze({ expr, root, attributes: Object.freeze(attributes) });
}

function compileExpr(expr: QueryExpr, attributes: string[]): QueryNode {
  switch (expr.kind) {
    case 'and':
      return expr.operands.length === 1 ? compileExpr(expr.operands[0]!, attributes) : new AndNode(expr.operands.map((o) => compileExpr(o, attributes)));
    case 'or':
      return expr.operands.length === 1 ? compileExpr(expr.operands[0]!, attributes) : new OrNode(expr.operands.map((o) => compileExpr(o, attributes)));
    case 'not':
      return new NotNode(compileExpr(expr.operand, attributes));
    case 'condition':
      if (expr.subject.kind === 'attribute' && !attributes.includes(expr.subject.name)) attributes.push(expr.subject.name);
      return compileCondition(expr);
  }
}

function compileCondition(c: QueryCondition): QueryNode {
  const { subject, operator, values } = c;
  const first = values[0] ?? '';
  if (operator === 'exists' || operator === '!exists') {
    const want = operator === 'exists';
    // Validation admits exists only on attributes and task groups.
    return subject.kind === 'attribute' ? new AttributeExistsNode(subject.name, want) : new TaskGroupExistsNode(want);
  }
  switch (subjectType(subject)) {
    case 'version':
      return new VersionNode(operator, parseVersion(first) ?? []);
    case 'timestamp':
      return new TimestampNode(operator, parseTimestamp(first) ?? Number.NaN);
    case 'count':
      return new CountNode(operator, Number(first));
    case 'boolean':
    case 'string': {
      const predicate = compilePredicate(operator, values);
      if (subject.kind === 'attribute') return new AttributeNode(subject.name, predicate);
      if (subject.kind === 'task-group') return new TaskGroupNode(predicate);
      return new PropertyStringNode(subject.name, predicate);
    }
  }
}

/** A test on one string value of a subject. */
interface StringPredicate {
  test(value: string): boolean;
}

function compilePredicate(operator: QueryOperator, values: readonly string[]): StringPredicate {
  const first = values[0] ?? '';
  switch (operator) {
    case '==':
      return new EqualsPredicate(first, true);
    case '!=':
      return new EqualsPredicate(first, false);
    case 'in':
      return new InPredicate(new Set(values), true);
    case '!in':
      return new InPredicate(new Set(values), false);
    case '=~':
    case '!~': {
      const pattern = compilePattern(first);
      // Validation rejected bad patterns; a RegExp that matches nothing keeps the type honest.
      return new MatchPredicate(typeof pattern === 'string' ? /(?!)/ : pattern, operator === '=~');
    }
    default:
      return new OrderPredicate(operator, first, decimalValue(first));
  }
}

/** Java `matches()` semantics: the whole value must match. Returns the RegExp or why it is invalid. */
function compilePattern(pattern: string): RegExp | string {
  // Java's inline case-insensitive flag has no JavaScript equivalent at the start of a pattern.
  const insensitive = pattern.startsWith('(?i)');
  const body = insensitive ? pattern.slice(4) : pattern;
  try {
    return new RegExp(`^(?:${body})$`, insensitive ? 'i' : '');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
  }
}

class AndNode implements QueryNode {
  constructor(private readonly operands: readonly QueryNode[]) {}
  matches(target: QueryTarget): boolean {
    const operands = this.operands;
    for (let i = 0; i < operands.length; i++) if (!operands[i]!.matches(target)) return false;
    return true;
  }
}

class OrNode implements QueryNode {
  constructor(private readonly operands: readonly QueryNode[]) {}
  matches(target: QueryTarget): boolean {
    const operands = this.operands;
    for (let i = 0; i < operands.length; i++) if (operands[i]!.matches(target)) return true;
    return false;
  }
}

class NotNode implements QueryNode {
  constructor(private readonly operand: QueryNode) {}
  matches(target: QueryTarget): boolean {
    return !this.operand.matches(target);
  }
}

class AttributeExistsNode implements QueryNode {
  constructor(
    private readonly name: string,
    private readonly want: boolean,
  ) {}
  matches(target: QueryTarget): boolean {
    return (target.attribute(this.name) !== undefined) === this.want;
  }
}

class AttributeNode implements QueryNode {
  constructor(
    private readonly name: string,
    private readonly predicate: StringPredicate,
  ) {}
  matches(target: QueryTarget): boolean {
    const value = target.attribute(this.name);
    return value !== undefined && this.predicate.test(value);
  }
}

class TaskGroupExistsNode implements QueryNode {
  constructor(private readonly want: boolean) {}
  matches(target: QueryTarget): boolean {
    for (const _group of target.taskGroups()) return this.want;
    return !this.want;
  }
}

/** Some task on the instance is in a group that satisfies the predicate. */
class TaskGroupNode implements QueryNode {
  constructor(private readonly predicate: StringPredicate) {}
  matches(target: QueryTarget): boolean {
    for (const group of target.taskGroups()) if (this.predicate.test(group)) return true;
    return false;
  }
}

class PropertyStringNode implements QueryNode {
  constructor(
    private readonly name: QueryProperty,
    private readonly predicate: StringPredicate,
  ) {}
  matches(target: QueryTarget): boolean {
    const value = target.property(this.name);
    if (value === undefined) return false;
    return this.predicate.test(typeof value === 'string' ? value : typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value));
  }
}

class VersionNode implements QueryNode {
  constructor(
    private readonly operator: QueryOperator,
    private readonly version: readonly number[],
  ) {}
  matches(target: QueryTarget): boolean {
    const value = target.property('agentVersion');
    if (value === undefined || typeof value === 'boolean') return false;
    return ordered(this.operator, compareVersion(typeof value === 'string' ? value : String(value), this.version));
  }
}

class TimestampNode implements QueryNode {
  constructor(
    private readonly operator: QueryOperator,
    private readonly epochMs: number,
  ) {}
  matches(target: QueryTarget): boolean {
    const value = target.property('registeredAt');
    const ms = typeof value === 'number' ? value : typeof value === 'string' ? (parseTimestamp(value) ?? Number.NaN) : Number.NaN;
    return ordered(this.operator, compareNumbers(ms, this.epochMs));
  }
}

class CountNode implements QueryNode {
  constructor(
    private readonly operator: QueryOperator,
    private readonly count: number,
  ) {}
  matches(target: QueryTarget): boolean {
    const value = target.property('runningTasksCount');
    const n = typeof value === 'number' ? value : typeof value === 'string' ? decimalValue(value) : Number.NaN;
    return ordered(this.operator, compareNumbers(n, this.count));
  }
}

class EqualsPredicate implements StringPredicate {
  constructor(
    private readonly value: string,
    private readonly want: boolean,
  ) {}
  test(value: string): boolean {
    return (value === this.value) === this.want;
  }
}

class InPredicate implements StringPredicate {
  constructor(
    private readonly values: ReadonlySet<string>,
    private readonly want: boolean,
  ) {}
  test(value: string): boolean {
    return this.values.has(value) === this.want;
  }
}

class MatchPredicate implements StringPredicate {
  constructor(
    private readonly pattern: RegExp,
    private readonly want: boolean,
  ) {}
  test(value: string): boolean {
    return this.pattern.test(value) === this.want;
  }
}

/** `>`, `>=`, `<`, `<=` on strings: numeric when both sides are decimal numbers. */
class OrderPredicate implements StringPredicate {
  constructor(
    private readonly operator: QueryOperator,
    private readonly value: string,
    private readonly number: number,
  ) {}
  test(value: string): boolean {
    if (this.number === this.number) {
      const n = decimalValue(value);
      if (n === n) return ordered(this.operator, compareNumbers(n, this.number));
    }
    return ordered(this.operator, value < this.value ? -1 : value > this.value ? 1 : 0);
  }
}

/** Whether a three-way comparison result satisfies the operator; NaN (incomparable) never does. */
function ordered(operator: QueryOperator, cmp: number): boolean {
  if (cmp !== cmp) return false;
  switch (operator) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    default:
      return false;
  }
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN;
}

/** The number a plain decimal string (`-12`, `3.5`) denotes, NaN for anything else. No allocation. */
function decimalValue(s: string): number {
  let i = s.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const digitsStart = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === digitsStart) return Number.NaN;
  if (i < s.length) {
    if (s.charCodeAt(i) !== 46 /* . */) return Number.NaN;
    const fractionStart = ++i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    if (i === fractionStart || i < s.length) return Number.NaN;
  }
  return Number(s);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `1.14.5` -> [1, 14, 5]; undefined unless it is numbers separated by dots. */
function parseVersion(s: string): number[] | undefined {
  if (!/^[0-9]+(\.[0-9]+)*$/.test(s)) return undefined;
  return s.split('.').map(Number);
}

/**
 * Compares a version string with a parsed version, component-wise, missing components being 0
 * (so 1.14 == 1.14.0). NaN when `s` is not a dotted version. Scans in place: no allocation.
 */
function compareVersion(s: string, version: readonly number[]): number {
  if (s.length === 0) return Number.NaN;
  let i = 0;
  let k = 0;
  let result = 0;
  while (i < s.length || k < version.length) {
    let component = 0;
    if (i < s.length) {
      const start = i;
      while (i < s.length && isDigit(s.charCodeAt(i))) component = component * 10 + (s.charCodeAt(i++) - 48);
      if (i === start) return Number.NaN;
      if (i < s.length) {
        if (s.charCodeAt(i) !== 46 /* . */ || i === s.length - 1) return Number.NaN;
        i++;
      }
    }
    const other = version[k++] ?? 0;
    if (result === 0 && component !== other) result = component < other ? -1 : 1;
  }
  return result;
}

/**
 * Epoch milliseconds of a date in one of the page's formats — `2018-06-18T22:28:28+00:00`,
 * `2018-06-18T22:28:28Z`, `2018-06-18T22:28:28`, `2018-06-18` — or undefined. Formats without an
 * offset are read as UTC. Computed by hand because the simulator keeps the wall clock out of
 * src/ (no Date), and scanned in place because targets may hand over strings on the hot path.
 */
function parseTimestamp(s: string): number | undefined {
  const n = s.length;
  if (n !== 10 && n !== 19 && n !== 20 && n !== 25) return undefined;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || Number.isNaN(year + month + day)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let ms = daysFromCivil(year, month, day) * 86_400_000;
  if (n === 10) return ms;
  if (s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return undefined;
  ms += ((hour * 60 + minute) * 60 + second) * 1000;
  if (n === 19) return ms;
  if (n === 20) return s.charCodeAt(19) === 90 /* Z */ ? ms : undefined;
  const sign = s.charCodeAt(19);
  const offsetHours = digitsAt(s, 20, 2);
  const offsetMinutes = digitsAt(s, 23, 2);
  if ((sign !== 43 && sign !== 45) || s.charCodeAt(22) !== 58 || !(offsetHours <= 23 && offsetMinutes <= 59)) return undefined;
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  // Local time = UTC + offset, so UTC = local - offset.
  return sign === 43 ? ms - offsetMs : ms + offsetMs;
}

/** The `count`-digit number at `at`, NaN if any character is not a digit. */
function digitsAt(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return Number.NaN;
    value = value * 10 + (c - 48);
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
