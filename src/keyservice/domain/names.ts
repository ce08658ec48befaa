// The rule for names (users, e-mails, groups, roles, keys): visible, NFKC-stable, one script, so no name can pass
// for another by invisible or look-alike characters. Never echoes the name; a refusal names the code point only.

/**
 * A name is accepted when it is in NFKC form and each character is ASCII printable (letters, digits, punctuation,
 * the space) or, beyond ASCII, a letter, mark or digit; all letters and digits come from ONE script, counting
 * Han with Hiragana/Katakana (Japanese), Hangul (Korean) or Bopomofo as one, as Unicode TS #39 does.
 */
export function nameProblem(value: string): string | undefined {
  if (PRINTABLE_ASCII.test(value)) return undefined;
  for (const char of value) {
    if (char.codePointAt(0)! < 0x80) {
      if (!PRINTABLE_ASCII.test(char)) return `contains ${codePoint(char)} (a control character)`;
      continue;
    }
    if (!LETTER_MARK_DIGIT.test(char) || DEFAULT_IGNORABLE.test(char))
      return `contains ${codePoint(char)} (${kindOf(char)})`;
  }
  if (value.normalize('NFKC') !== value) {
    return 'is not in Unicode NFKC form (it holds compatibility characters such as fullwidth letters or ligatures, or decomposed accents)';
  }
  return mixedScripts(value);
}

/** Bidirectional overrides and isolates reorder what a reader sees ("Trojan Source"); free text refuses them too. */
export function bidiControlIn(value: string): string | undefined {
  const found = BIDI_CONTROL.exec(value);
  return found === null ? undefined : `contains ${codePoint(found[0])} (a bidirectional control character, invisible)`;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LETTER_MARK_DIGIT = /^[\p{L}\p{M}\p{Nd}]$/u;
const DEFAULT_IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function kindOf(char: string): string {
  if (/\p{Cf}|\p{Default_Ignorable_Code_Point}/u.test(char)) return 'a format character, invisible';
  if (/\p{Cc}/u.test(char)) return 'a control character';
  if (/\p{Z}/u.test(char)) return 'a space or separator other than the ASCII space';
  if (/\p{Co}|\p{Cn}|\p{Cs}/u.test(char)) return 'a private-use, unassigned or surrogate code point';
  return 'a symbol or punctuation outside ASCII';
}

/** Scripts a name may be written in, by Script_Extensions; a letter of any other script is refused. */
const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Georgian',
  'Hangul',
  'Ethiopic',
  'Cherokee',
  'Khmer',
  'Mongolian',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
].map((script) => [script, new RegExp(`^\\p{Script_Extensions=${script}}$`, 'u')] as const);

const COMMON_OR_INHERITED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** Han writes Japanese, Korean and Chinese with other scripts: each counts as the combined writing systems. */
const AUGMENTED: Readonly<Record<string, readonly string[]>> = {
  Han: ['Han', 'Jpan', 'Kore', 'Hanb'],
  Hiragana: ['Jpan'],
  Katakana: ['Jpan'],
  Hangul: ['Kore'],
  Bopomofo: ['Hanb'],
};

function mixedScripts(value: string): string | undefined {
  let common: Set<string> | undefined;
  for (const char of value) {
    if (char.codePointAt(0)! < 0x80 && !/[A-Za-z]/.test(char)) continue;
    if (COMMON_OR_INHERITED.test(char)) continue;
    const scripts = new Set(
      SCRIPTS.filter(([, re]) => re.test(char)).flatMap(([script]) => AUGMENTED[script] ?? [script]),
    );
    if (scripts.size === 0) return `contains ${codePoint(char)}, of a script names do not accept`;
    common = common === undefined ? scripts : new Set([...common].filter((s) => scripts.has(s)));
    if (common.size === 0)
      return `mixes scripts (${codePoint(char)} is not of the script of the letters before it); write a name in one script`;
  }
  return undefined;
}
