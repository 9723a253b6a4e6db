// Blanks strings and comments (same length, newlines kept) so token checks on broken lines never
// match inside text. A hand-written scan, because on a line tree-sitter could not parse its string
// tokens are unreliable too.

const commentStart = /[\s;(){}|,=]/;

export function maskSource(script: string): string {
  const out = script.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to && i < out.length; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    const next = script[i + 1];
    if (c === '`') {
      i += 2;
    } else if (c === '<' && next === '#') {
      const end = script.indexOf('#>', i + 2);
      const stop = end < 0 ? script.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '#' && (i === 0 || commentStart.test(script[i - 1] ?? ' '))) {
      const end = script.indexOf('\n', i);
      const stop = end < 0 ? script.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '@' && (next === '"' || next === "'") && /^[ \t]*\r?\n/.test(script.slice(i + 2, i + 4))) {
      const close = new RegExp(`\\n${next}@`, 'g');
      close.lastIndex = i + 2;
      const found = close.exec(script);
      const stop = found === null ? script.length : found.index + 3;
      blank(i, stop);
      i = stop;
    } else if (c === "'") {
      let j = i + 1;
      while (j < script.length && !(script[j] === "'" && script[j + 1] !== "'")) j += script[j] === "'" ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < script.length && script[j] !== '"') j += script[j] === '`' ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
    } else {
      i += 1;
    }
  }
  return out.join('');
}
