/** YAML nested deeper than this is refused before parsing (rule `yaml-syntax`): the parser recurses. */
export const MAX_YAML_DEPTH = 64;

/**
 * Offset where the YAML first nests deeper than MAX_YAML_DEPTH, estimated without parsing:
 * block indentation levels plus compact `- ` / `? ` indicators plus open flow brackets.
 */
export function tooDeep(yaml: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let offset = 0;
  for (const line of yaml.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const indent = /^ */.exec(line)![0].length;
    if (indent === line.length || line[indent] === '#') continue;
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      const compact = /^(?:[-?:][ \t]+)*/.exec(line.slice(indent))![0];
      let depth = indents.length;
      for (let i = 0; i < compact.length; i++) {
        if (compact[i] === ' ' || compact[i] === '\t') continue;
        if (++depth > MAX_YAML_DEPTH) return start + indent + i;
      }
    }
    let quote = '';
    for (let i = indent; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && quote === '"') i++;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
      else if (c === '[' || c === '{') {
        if (++flow + indents.length > MAX_YAML_DEPTH) return start + i;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
  }
  return undefined;
}
