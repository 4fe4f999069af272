// How template values read in a diff: intrinsic functions as the text CloudFormation makes of them
// (`${AWS::AccountId}`, `${Role.Arn}`), lists and objects compactly. Pure.

/** A template value as one line of text. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 1 ? show(value[0]) : `[${value.map(show).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const [key, argument] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Ref') return `\${${String(argument)}}`;
    if (entries.length === 1 && key === 'Fn::GetAtt') {
      return `\${${Array.isArray(argument) ? argument.join('.') : String(argument)}}`;
    }
    if (entries.length === 1 && key === 'Fn::Sub') {
      return typeof argument === 'string' ? argument : show((argument as unknown[])[0]);
    }
    if (entries.length === 1 && key === 'Fn::Join' && Array.isArray(argument)) {
      const [separator, parts] = argument as [string, unknown];
      return Array.isArray(parts) ? parts.map(show).join(separator) : show(parts);
    }
    if (entries.length === 1 && key === 'Fn::Select' && Array.isArray(argument)) {
      return `${show(argument[1])}[${show(argument[0])}]`;
    }
    if (entries.length === 1 && key === 'Fn::Split' && Array.isArray(argument)) {
      return `split(${show(argument[1])}, '${show(argument[0])}')`;
    }
    return `{${entries.map(([k, v]) => `${k}: ${show(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** A value with object keys sorted at every depth, so equal documents compare equal as JSON. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** Whether two template values are the same, whatever the order of their keys. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Text cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
