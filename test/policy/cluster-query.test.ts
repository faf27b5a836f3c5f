import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildClusterQuery,
  evaluateClusterQuery,
  formatClusterQuery,
  parseClusterQuery,
  queryAttributes,
  type ClusterQuery,
  type QueryCondition,
  type QueryExpr,
  type QueryOperator,
  type QueryProperty,
  type QuerySubject,
  type QueryTarget,
} from '../../src/policy/ecs/cluster-query.js';

// ---------------------------------------------------------------------------------------------
// Helpers

interface Instance {
  readonly attributes?: Readonly<Record<string, string>>;
  readonly properties?: Partial<Record<QueryProperty, string | number | boolean>>;
  readonly groups?: readonly string[];
}

function target(instance: Instance): QueryTarget {
  const attributes = new Map(Object.entries(instance.attributes ?? {}));
  const groups = instance.groups ?? [];
  return {
    attribute: (name) => attributes.get(name),
    property: (name) => instance.properties?.[name],
    taskGroups: () => groups,
  };
}

function parse(text: string): ClusterQuery {
  const result = parseClusterQuery(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.message}`);
  return result.query;
}

function matches(text: string, instance: Instance): boolean {
  return evaluateClusterQuery(parse(text), target(instance));
}

const type = (t: string): Instance => ({ attributes: { 'ecs.instance-type': t } });
const typeAz = (t: string, az: string): Instance => ({ attributes: { 'ecs.instance-type': t, 'ecs.availability-zone': az } });
const utc = (iso: string): number => Date.parse(iso);

// ---------------------------------------------------------------------------------------------
// The AWS documentation's examples

/**
 * Every example expression on the Developer Guide's cluster query language page, then the
 * expressions on the placement-constraints page ("Filtering by attribute", "Example constraints"),
 * with instances each should and should not select.
 */
const DOC_EXAMPLES: readonly { text: string; selects: readonly Instance[]; rejects: readonly Instance[] }[] = [
  // Cluster query language page.
  { text: 'attribute:ecs.instance-type == t2.small', selects: [type('t2.small')], rejects: [type('t2.medium'), type('T2.small'), {}] },
  {
    text: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]',
    selects: [{ attributes: { 'ecs.availability-zone': 'us-east-1a' } }, { attributes: { 'ecs.availability-zone': 'us-east-1b' } }],
    rejects: [{ attributes: { 'ecs.availability-zone': 'us-east-1c' } }, {}],
  },
  {
    text: 'attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d',
    selects: [typeAz('g2.2xlarge', 'us-east-1a'), typeAz('g2.8xlarge', 'us-east-1c')],
    rejects: [typeAz('g2.2xlarge', 'us-east-1d'), typeAz('t2.small', 'us-east-1a'), typeAz('xg2.2xlarge', 'us-east-1a'), type('g2.2xlarge')],
  },
  {
    text: 'task:group == service:production',
    selects: [{ groups: ['service:production'] }, { groups: ['family:batch', 'service:production'] }],
    rejects: [{ groups: [] }, { groups: ['service:staging'] }],
  },
  {
    text: 'not(task:group == database)',
    selects: [{ groups: [] }, { groups: ['web'] }],
    rejects: [{ groups: ['database'] }, { groups: ['web', 'database'] }],
  },
  {
    text: 'runningTasksCount == 1',
    selects: [{ properties: { runningTasksCount: 1 } }],
    rejects: [{ properties: { runningTasksCount: 0 } }, { properties: { runningTasksCount: 2 } }, {}],
  },
  {
    text: 'agentVersion < 1.14.5',
    selects: [{ properties: { agentVersion: '1.14.4' } }, { properties: { agentVersion: '1.9.0' } }, { properties: { agentVersion: '1.14' } }],
    rejects: [{ properties: { agentVersion: '1.14.5' } }, { properties: { agentVersion: '1.20.0' } }, { properties: { agentVersion: '2' } }, {}],
  },
  {
    text: 'registeredAt < 2018-02-13',
    selects: [
      { properties: { registeredAt: utc('2018-02-12T23:59:59Z') } },
      { properties: { registeredAt: '2017-12-31' } },
      // 00:30 at +01:00 is 23:30 UTC the day before.
      { properties: { registeredAt: '2018-02-13T00:30:00+01:00' } },
    ],
    rejects: [{ properties: { registeredAt: utc('2018-02-13T00:00:00Z') } }, { properties: { registeredAt: '2018-02-13T08:00:00Z' } }, {}],
  },
  {
    text: "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']",
    selects: [{ properties: { ec2InstanceId: 'i-abcd1234' } }, { properties: { ec2InstanceId: 'i-wxyx7890' } }],
    rejects: [{ properties: { ec2InstanceId: 'i-00000000' } }, {}],
  },
  // Placement constraints page: filtering by attribute, and memberOf examples.
  { text: 'attribute:ecs.instance-type == g2.2xlarge', selects: [type('g2.2xlarge')], rejects: [type('g2.8xlarge')] },
  { text: 'attribute:stack == prod', selects: [{ attributes: { stack: 'prod' } }], rejects: [{ attributes: { stack: 'dev' } }, {}] },
  // "instances with the custom attribute stack unless the attribute value is prod".
  { text: 'attribute:stack != prod', selects: [{ attributes: { stack: 'dev' } }], rejects: [{ attributes: { stack: 'prod' } }, {}] },
  { text: 'attribute:ecs.instance-type in [t2.small, t2.medium]', selects: [type('t2.small'), type('t2.medium')], rejects: [type('t2.large')] },
  {
    text: 'attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a',
    selects: [typeAz('t2.micro', 'us-east-1a')],
    rejects: [typeAz('t2.micro', 'us-east-1b'), typeAz('m5.large', 'us-east-1a')],
  },
  { text: 'attribute:ecs.instance-type =~ t2.*', selects: [type('t2.micro'), type('t2.2xlarge')], rejects: [type('t3.micro'), type('mt2.micro')] },
  { text: 'task:group == databases', selects: [{ groups: ['databases'] }], rejects: [{ groups: ['web'] }, {}] },
];

describe('cluster query language: the AWS documentation examples', () => {
  it.each(DOC_EXAMPLES)('$text', ({ text, selects, rejects }) => {
    for (const instance of selects) expect(matches(text, instance), JSON.stringify(instance)).toBe(true);
    for (const instance of rejects) expect(matches(text, instance), JSON.stringify(instance)).toBe(false);
  });

  it('the precedence template (expression1 or expression2) and expression3', () => {
    const text = '(attribute:e1 exists or attribute:e2 exists) and attribute:e3 exists';
    for (const [e1, e2, e3] of booleanRows()) {
      expect(matches(text, flags({ e1, e2, e3 }))).toBe((e1 || e2) && e3);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Operators

/** Each row: condition text, attribute value (undefined = missing), expected result. */
const OPERATOR_CASES: readonly [QueryOperator, string, string, string | undefined, boolean][] = [
  ['==', 'equals', 'x', 'x', true],
  ['==', 'equals', 'x', 'y', false],
  ['!=', 'not_equals', 'x', 'y', true],
  ['!=', 'not_equals', 'x', 'x', false],
  ['>', 'greater_than', '5', '10', true],
  ['>', 'greater_than', '5', '5', false],
  ['>=', 'greater_than_equal', '5', '5', true],
  ['>=', 'greater_than_equal', '5', '4', false],
  ['<', 'less_than', '5', '4', true],
  ['<', 'less_than', '5', '5', false],
  ['<=', 'less_than_equal', '5', '5', true],
  ['<=', 'less_than_equal', '5', '6', false],
  ['in', 'in', '[a, b]', 'b', true],
  ['in', 'in', '[a, b]', 'c', false],
  ['!in', 'not_in', '[a, b]', 'c', true],
  ['!in', 'not_in', '[a, b]', 'a', false],
  ['=~', 'matches', 'm5.*', 'm5.large', true],
  ['=~', 'matches', 'm5.*', 'c5.large', false],
  ['!~', 'not_matches', 'm5.*', 'c5.large', true],
  ['!~', 'not_matches', 'm5.*', 'm5.large', false],
];

describe('cluster query language: operators', () => {
  it.each(OPERATOR_CASES)('%s / %s %s on %s -> %s', (symbol, word, argument, value, expected) => {
    const instance: Instance = value === undefined ? {} : { attributes: { v: value } };
    const bySymbol = parse(`attribute:v ${symbol} ${argument}`);
    const byWord = parse(`attribute:v ${word} ${argument}`);
    expect(evaluateClusterQuery(bySymbol, target(instance))).toBe(expected);
    expect(evaluateClusterQuery(byWord, target(instance))).toBe(expected);
    expect(formatClusterQuery(byWord)).toBe(formatClusterQuery(bySymbol));
    expect(formatClusterQuery(bySymbol)).toBe(`attribute:v ${symbol} ${argument}`);
  });

  it.each([
    ['exists', 'exists'],
    ['!exists', 'not_exists'],
  ])('%s / %s', (symbol, word) => {
    for (const spelling of [symbol, word]) {
      const q = parse(`attribute:v ${spelling}`);
      expect(formatClusterQuery(q)).toBe(`attribute:v ${symbol}`);
      expect(evaluateClusterQuery(q, target({ attributes: { v: 'x' } }))).toBe(symbol === 'exists');
      // An attribute that exists without a value still exists.
      expect(evaluateClusterQuery(q, target({ attributes: { v: '' } }))).toBe(symbol === 'exists');
      expect(evaluateClusterQuery(q, target({}))).toBe(symbol !== 'exists');
    }
  });

  it('a missing attribute satisfies no comparison, including the negative ones', () => {
    for (const text of ['attribute:v == x', 'attribute:v != x', 'attribute:v in [x]', 'attribute:v !in [x]', 'attribute:v =~ .*', 'attribute:v !~ x', 'attribute:v > 1', 'attribute:v < 1']) {
      expect(matches(text, {}), text).toBe(false);
      expect(matches(`not(${text})`, {}), text).toBe(true);
    }
  });

  it('== and != are string equality, as the operator table says', () => {
    expect(matches('attribute:v == 1.0', { attributes: { v: '1' } })).toBe(false);
    expect(matches('attribute:v != 1.0', { attributes: { v: '1' } })).toBe(true);
    expect(matches('attribute:v == Prod', { attributes: { v: 'prod' } })).toBe(false);
  });

  it('ordering is numeric when both sides are numbers, string order otherwise', () => {
    expect(matches('attribute:v > 9', { attributes: { v: '10' } })).toBe(true); // string order would say '10' < '9'
    expect(matches('attribute:v < 10', { attributes: { v: '9.5' } })).toBe(true);
    expect(matches('attribute:v > -2', { attributes: { v: '-1' } })).toBe(true);
    expect(matches('attribute:v >= 1.0', { attributes: { v: '1' } })).toBe(true);
    expect(matches('attribute:v > abc', { attributes: { v: 'abd' } })).toBe(true);
    expect(matches('attribute:v < b', { attributes: { v: 'abc' } })).toBe(true);
    // One side not a number: string order ('a' sorts after '9').
    expect(matches('attribute:v > 9', { attributes: { v: 'abc' } })).toBe(true);
    expect(matches('attribute:v > 10', { attributes: { v: '9x' } })).toBe(true);
  });

  it('runningTasksCount compares as a number', () => {
    const n = (runningTasksCount: number): Instance => ({ properties: { runningTasksCount } });
    expect(matches('runningTasksCount > 9', n(10))).toBe(true);
    expect(matches('runningTasksCount <= 2', n(2))).toBe(true);
    expect(matches('runningTasksCount != 0', n(0))).toBe(false);
    expect(matches('runningTasksCount == 007', n(7))).toBe(true);
  });

  it('agentVersion compares component-wise', () => {
    const v = (agentVersion: string): Instance => ({ properties: { agentVersion } });
    expect(matches('agentVersion >= 1.14.5', v('1.100.0'))).toBe(true);
    expect(matches('agentVersion == 1.14', v('1.14.0'))).toBe(true);
    expect(matches('agentVersion > 1.14.5', v('1.14.5.1'))).toBe(true);
    expect(matches('agentVersion != 1.14.5', v('1.14.6'))).toBe(true);
    expect(matches('agentVersion < 2', v('not-a-version'))).toBe(false);
    expect(matches('agentVersion < 2', v(''))).toBe(false);
    expect(matches('agentVersion < 2', v('1.'))).toBe(false);
  });

  it('registeredAt accepts the four documented date formats', () => {
    const at = (registeredAt: number | string): Instance => ({ properties: { registeredAt } });
    const t = utc('2018-06-18T22:28:28Z');
    expect(matches('registeredAt == 2018-06-18T22:28:28Z', at(t))).toBe(true);
    expect(matches('registeredAt == 2018-06-18T22:28:28', at(t))).toBe(true);
    expect(matches('registeredAt == 2018-06-19T00:28:28+02:00', at(t))).toBe(true);
    expect(matches('registeredAt == 2018-06-18T17:28:28-05:00', at(t))).toBe(true);
    expect(matches('registeredAt > 2018-06-18', at(t))).toBe(true);
    expect(matches('registeredAt < 2018-06-19', at('2018-06-18T22:28:28+00:00'))).toBe(true);
    expect(matches('registeredAt >= 2000-02-29', at(utc('2000-02-29T00:00:00Z')))).toBe(true);
    expect(matches('registeredAt > 1969-12-31', at(0))).toBe(true);
    // An unreadable value on the instance matches nothing.
    expect(matches('registeredAt < 2100-01-01', at('yesterday'))).toBe(false);
    expect(matches('registeredAt != 2100-01-01', at('2018-0x-13'))).toBe(false);
  });

  it('agentConnected and ec2InstanceId take the matching operators', () => {
    expect(matches('agentConnected == false', { properties: { agentConnected: false } })).toBe(true);
    expect(matches('agentConnected != true', { properties: { agentConnected: true } })).toBe(false);
    expect(matches('agentConnected in [true]', { properties: { agentConnected: true } })).toBe(true);
    expect(matches('agentConnected =~ t.*', { properties: { agentConnected: true } })).toBe(true);
    expect(matches('ec2InstanceId =~ i-0.*', { properties: { ec2InstanceId: 'i-0abc' } })).toBe(true);
    expect(matches('ec2InstanceId !~ i-0.*', { properties: { ec2InstanceId: 'i-1abc' } })).toBe(true);
    expect(matches('ec2InstanceId not_in [i-1, i-2]', { properties: { ec2InstanceId: 'i-3' } })).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// task:group

describe('cluster query language: task:group', () => {
  it('comparisons hold when some task on the instance is in a matching group', () => {
    const instance = { groups: ['service:web', 'family:batch'] };
    expect(matches('task:group == family:batch', instance)).toBe(true);
    expect(matches('task:group in [service:api, service:web]', instance)).toBe(true);
    expect(matches('task:group =~ service:.*', instance)).toBe(true);
    // Some task is outside service:web, so != holds; anti-affinity is not(==).
    expect(matches('task:group != service:web', instance)).toBe(true);
    expect(matches('not(task:group == service:web)', instance)).toBe(false);
    expect(matches('task:group != service:web', { groups: ['service:web', 'service:web'] })).toBe(false);
  });

  it('exists means the instance hosts any task; an empty instance matches no comparison', () => {
    expect(matches('task:group exists', { groups: ['x'] })).toBe(true);
    expect(matches('task:group exists', { groups: [] })).toBe(false);
    expect(matches('task:group !exists', { groups: [] })).toBe(true);
    expect(matches('task:group != x', { groups: [] })).toBe(false);
  });

  it('accepts any iterable, e.g. the keys of a group -> count map', () => {
    const counts = new Map([
      ['service:web', 2],
      ['service:db', 1],
    ]);
    const t: QueryTarget = { attribute: () => undefined, property: () => undefined, taskGroups: () => counts.keys() };
    expect(evaluateClusterQuery(parse('task:group == service:db'), t)).toBe(true);
    expect(evaluateClusterQuery(parse('task:group == service:api'), t)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Compound expressions

/** All eight assignments of three booleans. */
function booleanRows(): [boolean, boolean, boolean][] {
  return Array.from({ length: 8 }, (_, i): [boolean, boolean, boolean] => [(i & 1) === 1, (i & 2) === 2, (i & 4) === 4]);
}

/** An instance with attribute `k` present exactly when flags[k] is true. */
function flags(values: Record<string, boolean>): Instance {
  return { attributes: Object.fromEntries(Object.entries(values).filter(([, on]) => on).map(([k]) => [k, 'yes'])) };
}

describe('cluster query language: compound expressions', () => {
  const A = 'attribute:a exists';
  const B = 'attribute:b exists';
  const C = 'attribute:c exists';

  it.each([
    [`${A} and ${B} or ${C}`, (a: boolean, b: boolean, c: boolean) => (a && b) || c],
    [`${A} or ${B} and ${C}`, (a: boolean, b: boolean, c: boolean) => a || (b && c)],
    [`${A} && ${B} || ${C}`, (a: boolean, b: boolean, c: boolean) => (a && b) || c],
    [`${A} and (${B} or ${C})`, (a: boolean, b: boolean, c: boolean) => a && (b || c)],
    [`(${A} or ${B}) and ${C}`, (a: boolean, b: boolean, c: boolean) => (a || b) && c],
    [`not ${A} and ${B}`, (a: boolean, b: boolean) => !a && b],
    [`not(${A} and ${B})`, (a: boolean, b: boolean) => !(a && b)],
    [`!${A} || ${C}`, (a: boolean, _b: boolean, c: boolean) => !a || c],
    [`!(${A} || ${B})`, (a: boolean, b: boolean) => !(a || b)],
    [`not not ${A}`, (a: boolean) => a],
    [`! !${A}`, (a: boolean) => a],
    [`((${A}))`, (a: boolean) => a],
    [`${A} or ${B} or ${C}`, (a: boolean, b: boolean, c: boolean) => a || b || c],
    [`${A} and ${B} and not ${C}`, (a: boolean, b: boolean, c: boolean) => a && b && !c],
  ])('%s', (text, expected) => {
    for (const [a, b, c] of booleanRows()) {
      expect(matches(text, flags({ a, b, c })), `a=${a} b=${b} c=${c}`).toBe(expected(a, b, c));
    }
  });

  it('needs no spaces around symbols', () => {
    const q = parse('attribute:ecs.instance-type==t2.small&&runningTasksCount>=2||!(attribute:x exists)');
    expect(formatClusterQuery(q)).toBe('attribute:ecs.instance-type == t2.small and runningTasksCount >= 2 or not(attribute:x exists)');
  });

  it('keywords stay values where a value is expected', () => {
    expect(matches('attribute:v == and and attribute:w == or', { attributes: { v: 'and', w: 'or' } })).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Arguments and patterns

describe('cluster query language: arguments', () => {
  it('quoted values may hold spaces, commas, brackets, parentheses and escaped quotes', () => {
    expect(matches(`attribute:v == 'a b'`, { attributes: { v: 'a b' } })).toBe(true);
    expect(matches(`attribute:v == "x, (y) [z]"`, { attributes: { v: 'x, (y) [z]' } })).toBe(true);
    expect(matches(`attribute:v == 'it\\'s'`, { attributes: { v: "it's" } })).toBe(true);
    expect(matches(`attribute:v == "it's"`, { attributes: { v: "it's" } })).toBe(true);
    expect(matches(`attribute:v == 'back\\\\slash'`, { attributes: { v: 'back\\slash' } })).toBe(true);
    expect(matches(`attribute:v == ''`, { attributes: { v: '' } })).toBe(true);
  });

  it('lists mix bare and quoted values, with or without spaces', () => {
    const q = parse(`attribute:v in [a,'b c' , "d"]`);
    for (const v of ['a', 'b c', 'd']) expect(evaluateClusterQuery(q, target({ attributes: { v } }))).toBe(true);
    expect(evaluateClusterQuery(q, target({ attributes: { v: 'b' } }))).toBe(false);
    expect(formatClusterQuery(q)).toBe(`attribute:v in [a, 'b c', d]`);
  });

  it('=~ takes a regular expression (Java syntax per the doc) matched against the whole value', () => {
    // `.` is any character: this is a regular expression, not a shell wildcard.
    expect(matches('attribute:v =~ t2.*', { attributes: { v: 't2Xsmall' } })).toBe(true);
    expect(matches(`attribute:v =~ 't2\\..*'`, { attributes: { v: 't2Xsmall' } })).toBe(false);
    expect(matches(`attribute:v =~ 't2\\..*'`, { attributes: { v: 't2.small' } })).toBe(true);
    // Whole-value match, as Java's matches(): no substring hits.
    expect(matches('attribute:v =~ large', { attributes: { v: 'm5.large' } })).toBe(false);
    expect(matches('attribute:v =~ .*large', { attributes: { v: 'm5.large' } })).toBe(true);
    // Bare patterns may use brackets; alternation needs quotes (parentheses end a bare value).
    expect(matches('attribute:v =~ m5[ad]?.large', { attributes: { v: 'm5a.large' } })).toBe(true);
    expect(matches(`attribute:v =~ '(c|m)5.large'`, { attributes: { v: 'c5.large' } })).toBe(true);
    expect(matches(`attribute:v =~ 'a|b'`, { attributes: { v: 'ab' } })).toBe(false);
    expect(matches(`attribute:v =~ '(?i)T2.*'`, { attributes: { v: 't2.micro' } })).toBe(true);
    expect(matches('attribute:v =~ T2.*', { attributes: { v: 't2.micro' } })).toBe(false);
    expect(matches('attribute:v !~ t2.*', { attributes: { v: 't3.micro' } })).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Errors

/** Malformed input: the column of the problem and a piece of the message. */
const ERRORS: readonly [string, number, string][] = [
  ['', 1, 'empty expression'],
  ['   ', 4, 'empty expression'],
  ['attribute:ecs.instance-type ==', 31, "expected a value after '=='"],
  ['attribute:ecs.instance-type equals   ', 38, "expected a value after 'equals'"],
  ['attribute:ecs.instance-type = t2.small', 29, "unknown operator '=' at column 29 (did you mean '=='?)"],
  ['attribute:v => 1', 13, "did you mean '>='?"],
  ['attribute:v <> 1', 13, "did you mean '!='?"],
  ['attribute:v ~= x', 13, "did you mean '=~'?"],
  ['attribute:v equal x', 13, "unknown operator 'equal' at column 13 (did you mean 'equals'?)"],
  ['attribute:v contains x', 13, 'valid operators are'],
  ['attribute:v not in [a]', 13, "did you mean 'not_in'?"],
  ['attribute:v !matches x', 13, "did you mean 'not_matches'?"],
  ['attribute:v', 12, "expected an operator after 'attribute:v'"],
  ['attribute:v 5', 13, "expected an operator after 'attribute:v' at column 13, found '5'"],
  ['(attribute:v == 1', 1, "'(' is never closed"],
  ['((attribute:v == 1) or attribute:w exists', 1, "'(' is never closed"],
  ['attribute:v == 1)', 17, "')' has no matching '('"],
  ['(attribute:v == 1))', 19, "')' has no matching '('"],
  ['()', 2, 'empty parentheses'],
  ['attribute:v == 1 and', 21, "expected a condition after 'and'"],
  ['attribute:v == 1 or )', 21, "expected a condition after 'or'"],
  ['attribute:v == 1 and or attribute:w exists', 22, "found 'or'"],
  ['not', 4, "expected a condition after 'not'"],
  ['attribute:v == t2.small extra', 25, "unexpected 'extra' at column 25: expected 'and', 'or' or the end of the expression (quote a value that contains spaces)"],
  ['(attribute:v == a b)', 19, "expected 'and', 'or', ')' or the end"],
  ['attribute:v exists foo', 20, "'exists' takes no argument"],
  ['attribute:v == 1 AND attribute:w exists', 18, "did you mean 'and'?"],
  ['attribute:v == 1 & attribute:w exists', 18, "did you mean '&&'?"],
  ['attribute:v in (a, b)', 16, 'argument lists use square brackets at column 16: write in [a, b], not in (a, b)'],
  ['attribute:v in a', 16, "'in' expects an argument list in square brackets"],
  ['attribute:v in', 15, "expected an argument list after 'in'"],
  ['attribute:v in []', 17, 'empty argument list'],
  ['attribute:v in [a,,b]', 19, 'expected a value in the argument list'],
  ['attribute:v in [a, b', 16, "'[' is never closed"],
  ['attribute:v in [a b]', 19, "expected ',' or ']'"],
  ['attribute:v == [a]', 16, "'==' takes a single value, not a list"],
  ['attribute:v == (a)', 16, 'a single condition cannot contain parentheses'],
  ["attribute:v == 'abc", 16, 'unterminated string'],
  ["attribute:v == it's", 18, 'unexpected quote'],
  ['attribute:v =~ "x("', 16, 'invalid regular expression'],
  ['ecs.instance-type == t2.small', 1, "did you mean 'attribute:ecs.instance-type'?"],
  ['atribute:stack == prod', 1, "did you mean 'attribute:stack'?"],
  ['runningTaskCount > 1', 1, "did you mean 'runningTasksCount'?"],
  ['foo == 1', 1, 'subjects are attribute:<name>, agentConnected'],
  ['attribute: == 1', 11, "expected an attribute name after 'attribute:'"],
  ['attribute:a@b == 1', 12, "invalid character '@'"],
  ['== 1', 1, "expected a condition at column 1, found '=='"],
  ['agentConnected > true', 16, "operator '>' cannot be used with agentConnected"],
  ['runningTasksCount exists', 19, "operator 'exists' cannot be used with runningTasksCount"],
  ['ec2InstanceId < i-1', 15, "operator '<' cannot be used with ec2InstanceId"],
  ['registeredAt in [2018-01-01]', 14, "operator 'in' cannot be used with registeredAt"],
  ['agentConnected == yes', 19, 'agentConnected is true or false'],
  ['agentVersion < 1.x', 16, 'is not an agent version'],
  ['registeredAt < 2018-02-30', 16, 'is not a valid date'],
  ['registeredAt < 2018-0x-13', 16, 'is not a valid date'],
  ['registeredAt < 2018-06-18T24:00:00Z', 16, 'is not a valid date'],
  ['registeredAt < 2018-06-18T22:28:28.123Z', 16, 'is not a valid date'],
  ['registeredAt < 2018-02-13 10:00', 27, "unexpected '10:00'"],
  ['runningTasksCount > -1', 21, 'whole number'],
];

describe('cluster query language: errors', () => {
  it.each(ERRORS)('%j -> column %i', (text, column, fragment) => {
    const result = parseClusterQuery(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(fragment);
    expect(result.column).toBe(column);
    expect(result.message).toContain(`at column ${column}`);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}attribute:v exists${')'.repeat(5000)}`;
    const result = parseClusterQuery(deep);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('nests more than');
    expect(parseClusterQuery(`${'not '.repeat(5000)}attribute:v exists`).ok).toBe(false);
    expect(parseClusterQuery(`${'('.repeat(50)}attribute:v exists${')'.repeat(50)}`).ok).toBe(true);
  });

  it('never throws, and points inside the text (or just past it)', () => {
    const alphabet = fc.constantFrom(...'attribute:ecs.v task:group runningTasksCount == != =~ !~ >= <= in [ ] ( ) , \' " and or not ! && || exists 1 x *'.split(' '), ' ', '');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join(' '))), (text) => {
        const result = parseClusterQuery(text);
        if (!result.ok) {
          expect(result.column).toBeGreaterThanOrEqual(1);
          expect(result.column).toBeLessThanOrEqual(text.length + 1);
          expect(result.message).not.toContain('internal error');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Formatting, attributes, programmatic trees

describe('cluster query language: formatting and introspection', () => {
  it.each([
    ['attribute:a  equals  x  AND_NOT_A_KEYWORD', null],
    ['attribute:a equals x and attribute:b not_in [p,q] or not attribute:c exists', 'attribute:a == x and attribute:b !in [p, q] or not(attribute:c exists)'],
    ['(attribute:a exists or attribute:b exists) and (attribute:c exists)', '(attribute:a exists or attribute:b exists) and attribute:c exists'],
    ['(attribute:a exists and attribute:b exists) or attribute:c exists', 'attribute:a exists and attribute:b exists or attribute:c exists'],
    ['attribute:a exists and (attribute:b exists and attribute:c exists)', 'attribute:a exists and attribute:b exists and attribute:c exists'],
    ["attribute:a == 'x y' && attribute:b =~ '(a|b).*'", "attribute:a == 'x y' and attribute:b =~ '(a|b).*'"],
    ["attribute:a == 'has&&and'", "attribute:a == 'has&&and'"],
  ])('%s -> %s', (text, canonical) => {
    const result = parseClusterQuery(text);
    if (canonical === null) {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(formatClusterQuery(result.query)).toBe(canonical);
    expect(formatClusterQuery(parse(canonical))).toBe(canonical);
  });

  it('queryAttributes lists each attribute once, in order of first use', () => {
    const q = parse('attribute:ecs.instance-type =~ g2.* and (attribute:stack == prod or not(attribute:ecs.instance-type == g2.8xlarge)) and task:group == x and runningTasksCount < 3');
    expect(queryAttributes(q)).toEqual(['ecs.instance-type', 'stack']);
    expect(queryAttributes(parse('task:group exists'))).toEqual([]);
  });

  it('buildClusterQuery compiles hand-built trees and rejects invalid ones', () => {
    const q = buildClusterQuery({
      kind: 'and',
      operands: [
        { kind: 'condition', subject: { kind: 'attribute', name: 'stack' }, operator: '==', values: ['prod'] },
        { kind: 'not', operand: { kind: 'condition', subject: { kind: 'task-group' }, operator: '==', values: ['database'] } },
      ],
    });
    expect(formatClusterQuery(q)).toBe('attribute:stack == prod and not(task:group == database)');
    expect(evaluateClusterQuery(q, target({ attributes: { stack: 'prod' }, groups: ['web'] }))).toBe(true);
    const bad: QueryExpr[] = [
      { kind: 'condition', subject: { kind: 'attribute', name: 'a b' }, operator: 'exists', values: [] },
      { kind: 'condition', subject: { kind: 'attribute', name: 'a' }, operator: '==', values: [] },
      { kind: 'condition', subject: { kind: 'attribute', name: 'a' }, operator: 'in', values: [] },
      { kind: 'condition', subject: { kind: 'attribute', name: 'a' }, operator: 'exists', values: ['x'] },
      { kind: 'condition', subject: { kind: 'property', name: 'runningTasksCount' }, operator: '=~', values: ['1'] },
      { kind: 'condition', subject: { kind: 'property', name: 'agentVersion' }, operator: '<', values: ['x'] },
      { kind: 'condition', subject: { kind: 'attribute', name: 'a' }, operator: '=~', values: ['('] },
      { kind: 'or', operands: [] },
    ];
    for (const expr of bad) expect(() => buildClusterQuery(expr), JSON.stringify(expr)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: format then parse preserves meaning

const ATTRIBUTE_NAMES = ['a', 'b', 'ecs.instance-type', 'stack'];
const STRING_VALUES = ['t2.small', 'x', '1', '10', '9.5', '-3', '', 'has space', "it's", 'a,b', '[x]', '(y)', 'and', 'or', 'not', 'a&&b', 'a||b', 'back\\slash', '"dq"', 'ü', 'exists'];
const PATTERNS = ['t2.*', '.*', 'a|b', "it's", '[0-9]+', 'x\\.y', '(?i)ABC', 'a,b', 'x y', '1.*'];
const GROUPS = ['service:web', 'database', 'family:batch', '1', '10'];
const VERSIONS = ['1.14.5', '1.9', '2', '1.14.5.0', '0.1'];
const DATES = ['2018-02-13', '2018-06-18T22:28:28Z', '2018-06-18T22:28:28', '2018-06-18T22:28:28+02:00', '2018-06-18T22:28:28-05:30'];
const COUNTS = ['0', '1', '2', '10'];

const stringValue = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...STRING_VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const stringList = fc.array(stringValue, { minLength: 1, maxLength: 3 });

function stringOperands(values: fc.Arbitrary<string>, operators: readonly QueryOperator[]): fc.Arbitrary<{ operator: QueryOperator; values: string[] }> {
  return fc.constantFrom(...operators).chain((operator): fc.Arbitrary<{ operator: QueryOperator; values: string[] }> => {
    if (operator === 'exists' || operator === '!exists') return fc.constant({ operator, values: [] });
    if (operator === 'in' || operator === '!in') return fc.array(values, { minLength: 1, maxLength: 3 }).map((vs) => ({ operator, values: vs }));
    if (operator === '=~' || operator === '!~') return fc.constantFrom(...PATTERNS).map((p) => ({ operator, values: [p] }));
    return values.map((v) => ({ operator, values: [v] }));
  });
}

const ALL: QueryOperator[] = ['==', '!=', '>', '>=', '<', '<=', 'exists', '!exists', 'in', '!in', '=~', '!~'];
const MATCHING: QueryOperator[] = ['==', '!=', 'in', '!in', '=~', '!~'];
const ORDERING: QueryOperator[] = ['==', '!=', '>', '>=', '<', '<='];

const condition: fc.Arbitrary<QueryCondition> = fc.oneof(
  fc.tuple(fc.constantFrom(...ATTRIBUTE_NAMES), stringOperands(stringValue, ALL)).map(([name, o]) => cond({ kind: 'attribute', name }, o)),
  stringOperands(fc.oneof(fc.constantFrom(...GROUPS), stringValue), ALL).map((o) => cond({ kind: 'task-group' }, o)),
  stringOperands(fc.constantFrom('true', 'false'), MATCHING).map((o) => cond({ kind: 'property', name: 'agentConnected' }, o)),
  stringOperands(fc.constantFrom('i-1', 'i-2', 'i 3'), MATCHING).map((o) => cond({ kind: 'property', name: 'ec2InstanceId' }, o)),
  fc.tuple(fc.constantFrom(...ORDERING), fc.constantFrom(...VERSIONS)).map(([operator, v]) => cond({ kind: 'property', name: 'agentVersion' }, { operator, values: [v] })),
  fc.tuple(fc.constantFrom(...ORDERING), fc.constantFrom(...DATES)).map(([operator, v]) => cond({ kind: 'property', name: 'registeredAt' }, { operator, values: [v] })),
  fc.tuple(fc.constantFrom(...ORDERING), fc.constantFrom(...COUNTS)).map(([operator, v]) => cond({ kind: 'property', name: 'runningTasksCount' }, { operator, values: [v] })),
);

function cond(subject: QuerySubject, o: { operator: QueryOperator; values: string[] }): QueryCondition {
  return { kind: 'condition', subject, operator: o.operator, values: o.values };
}

const expr: fc.Arbitrary<QueryExpr> = fc.letrec<{ expr: QueryExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((operands): QueryExpr => ({ kind: 'and', operands })),
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((operands): QueryExpr => ({ kind: 'or', operands })),
    tie('expr').map((operand): QueryExpr => ({ kind: 'not', operand })),
  ),
})).expr;

const instance: fc.Arbitrary<Instance> = fc.record({
  attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTE_NAMES), fc.oneof(stringValue, fc.constantFrom('t2.micro', 'ABC', 'abc', 'x.y', '123'))),
  groups: fc.array(fc.oneof(fc.constantFrom(...GROUPS), stringValue), { maxLength: 3 }),
  properties: fc.record(
    {
      agentConnected: fc.boolean(),
      agentVersion: fc.oneof(fc.constantFrom(...VERSIONS), fc.constantFrom('1.14.4', '1.20.0', 'bad')),
      ec2InstanceId: fc.constantFrom('i-1', 'i-2', 'i 3', 'i-9'),
      registeredAt: fc.oneof(fc.integer({ min: utc('2018-01-01T00:00:00Z'), max: utc('2018-12-31T00:00:00Z') }), fc.constantFrom(...DATES)),
      runningTasksCount: fc.nat(12),
    },
    { requiredKeys: [] },
  ),
});

describe('cluster query language: properties', () => {
  it('parse(format(q)) evaluates like q on random instances, and formatting is stable', () => {
    fc.assert(
      fc.property(expr, fc.array(instance, { minLength: 1, maxLength: 6 }), (tree, instances) => {
        const q = buildClusterQuery(tree);
        const text = formatClusterQuery(q);
        const reparsed = parseClusterQuery(text);
        if (!reparsed.ok) throw new Error(`canonical text did not parse: ${text}\n${reparsed.message}`);
        expect(formatClusterQuery(reparsed.query)).toBe(text);
        for (const i of instances) {
          const t = target(i);
          expect(evaluateClusterQuery(reparsed.query, t), text).toBe(evaluateClusterQuery(q, t));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
