// Finds SQL in TypeScript source without a parser: tagged templates (`sql\`…\``, `tx<Row[]>\`…\``) and
// `.unsafe(` calls, skipping comments, strings, regular expressions and template text. Used by
// check-structure.mjs; TypeScript 7 has no JavaScript API to walk the syntax tree with.
const KEYWORDS = new Set([
  'return',
  'typeof',
  'case',
  'in',
  'of',
  'yield',
  'await',
  'else',
  'void',
  'delete',
  'throw',
  'new',
  'instanceof',
  'do',
  'is',
  'as',
  'extends',
  'keyof',
]);
const REGEX_AFTER = new Set([
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
]);
/** Tagged templates and `.unsafe(` calls in a TypeScript source: [{ line, tag }]. */
export function sqlCalls(text) {
  const found = [];
  let line = 1;
  const stack = []; // 'tpl' entries for open templates; numbers for brace depth inside ${ }
  let depth = 0;
  let i = 0;
  let lastSig = ''; // last significant code char
  let lastWord = '';
  const n = text.length;
  const inTemplate = () => stack.length > 0 && stack[stack.length - 1] === 'tpl';
  const tagBefore = (pos) => {
    let j = pos - 1;
    while (j >= 0 && /\s/.test(text[j])) j--;
    if (text[j] === '>' && text[j - 1] === '=') return undefined;
    if (text[j] === '>') {
      let d = 0;
      for (; j >= 0; j--) {
        if (text[j] === '>') d++;
        else if (text[j] === '<') {
          d--;
          if (d === 0) break;
        }
      }
      j--;
      while (j >= 0 && /\s/.test(text[j])) j--;
    }
    let k = j;
    while (k >= 0 && /[\w$.]/.test(text[k])) k--;
    const word = text.slice(k + 1, j + 1);
    if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(word) || KEYWORDS.has(word)) return undefined;
    return word;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') line++;
    if (inTemplate()) {
      if (c === '\\') {
        if (text[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (c === '`') {
        stack.pop();
        i++;
        lastSig = '`';
        continue;
      }
      if (c === '$' && text[i + 1] === '{') {
        stack.push(depth);
        depth = 0;
        i += 2;
        lastSig = '{';
        continue;
      }
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      for (let k = i; k < (e < 0 ? n : e); k++) if (text[k] === '\n') line++;
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === '\\') i++;
        i++;
      }
      i++;
      lastSig = c;
      continue;
    }
    if (c === '/' && (lastSig === '' || REGEX_AFTER.has(lastSig) || KEYWORDS.has(lastWord))) {
      i++;
      let cls = false;
      while (i < n && (text[i] !== '/' || cls) && text[i] !== '\n') {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') cls = true;
        else if (text[i] === ']') cls = false;
        i++;
      }
      i++;
      lastSig = '/r';
      continue;
    }
    if (c === '`') {
      const tag = tagBefore(i);
      if (tag) found.push({ line, tag });
      stack.push('tpl');
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      if (depth === 0 && stack.length > 0) {
        depth = stack.pop();
        i++;
        lastSig = '}';
        continue;
      }
      depth--;
    }
    if (c === '.' && text.startsWith('.unsafe(', i)) found.push({ line, tag: '.unsafe()' });
    if (/[\w$]/.test(c)) {
      let k = i;
      while (k < n && /[\w$]/.test(text[k])) k++;
      lastWord = text.slice(i, k);
      lastSig = 'w';
      i = k;
      continue;
    }
    if (!/\s/.test(c)) {
      lastSig = c;
      lastWord = '';
    }
    i++;
  }
  return found;
}
