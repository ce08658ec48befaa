// Problem formatting and typo suggestions: one line per problem, nothing a terminal would interpret.
import { describe, expect, it } from 'vitest';
import {
  formatProblem,
  formatProblems,
  isCredentialName,
  nearest,
  sortProblems,
} from '../../../src/core/manifest/index.js';

describe('formatProblems', () => {
  it('prints file:line:col: path: message (did you mean ...?)', () => {
    expect(
      formatProblems([
        {
          file: 'a.yaml',
          line: 3,
          column: 5,
          path: '/serviceUsers/0/keys/1/expiresin',
          message: "unknown field 'expiresin'",
          suggestion: 'expiresIn',
        },
        { file: 'b.yaml', line: 1, column: 1, path: '', message: 'file is not valid UTF-8' },
      ]),
    ).toBe(
      "a.yaml:3:5: /serviceUsers/0/keys/1/expiresin: unknown field 'expiresin' (did you mean 'expiresIn'?)\nb.yaml:1:1: file is not valid UTF-8",
    );
  });

  it('escapes control and bidirectional-override characters in file, path and suggestion', () => {
    const line = formatProblem({
      file: 'x\u001b[2J.yaml',
      line: 1,
      column: 2,
      path: '/a\u202e',
      message: 'm',
      suggestion: 's\u0007',
    });
    expect(line).toBe("x\\u001b[2J.yaml:1:2: /a\\u202e: m (did you mean 's\\u0007'?)");
    expect([...line].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u202e')).toBe(false);
  });

  it('shortens over-long field names in the path and the message', () => {
    const long = 'x'.repeat(100_000);
    const line = formatProblem({
      file: 'a.yaml',
      line: 1,
      column: 1,
      path: `/serviceUsers/0/${long}`,
      message: 'unknown field',
    });
    expect(line).toBe(`a.yaml:1:1: /serviceUsers/0/${'x'.repeat(64)}…: unknown field`);
  });

  it('sorts by file, line, column, then path', () => {
    const p = (
      file: string,
      line: number,
      column: number,
      path = '',
    ): { file: string; line: number; column: number; path: string; message: string } => ({
      file,
      line,
      column,
      path,
      message: 'm',
    });
    expect(sortProblems([p('b', 1, 1), p('a', 2, 1), p('a', 1, 9), p('a', 1, 2, '/z'), p('a', 1, 2, '/a')])).toEqual([
      p('a', 1, 2, '/a'),
      p('a', 1, 2, '/z'),
      p('a', 1, 9),
      p('a', 2, 1),
      p('b', 1, 1),
    ]);
  });
});

describe('nearest', () => {
  const fields = [
    'name',
    'generation',
    'state',
    'expiresIn',
    'expiresAt',
    'rotateBefore',
    'overlap',
    'secret',
    'secrets',
  ];
  it.each([
    ['expiresin', 'expiresIn'],
    ['genration', 'generation'],
    ['rotateBefor', 'rotateBefore'],
    ['overlpa', 'overlap'],
    ['nmae', 'name'],
    ['secert', 'secret'],
  ])('%s → %s', (typo, suggestion) => {
    expect(nearest(typo, fields)).toBe(suggestion);
  });

  it('suggests nothing for names that are not near anything', () => {
    expect(nearest('color', fields)).toBeUndefined();
    expect(nearest('x'.repeat(1000), fields)).toBeUndefined();
  });
});

describe('isCredentialName', () => {
  it.each([
    'apiKey',
    'api_key',
    'API-KEY',
    'token',
    'GITHUB_TOKEN',
    'password',
    'clientSecret',
    'privateKey',
    'value',
    'identity',
  ])('%s is a credential field', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });
  it.each(['secret', 'secrets', 'name', 'keys', 'store', 'recipients', 'description', 'tokenizer'])(
    '%s is not',
    (name) => {
      expect(isCredentialName(name)).toBe(false);
    },
  );
});
