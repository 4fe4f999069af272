/**
 * What EventBridge sends a target for an event through an input transformer whose template is
 * JSON, as its guide describes: each `<name>` is replaced by the value at its path, escaped when
 * it stands inside a JSON string. A test aid to read our templates as a target would; only AWS
 * proves EventBridge itself. A path that the event lacks fails the test rather than guess.
 */
export function renderJsonTemplate(
  template: string,
  paths: Readonly<Record<string, string>>,
  event: unknown,
): unknown {
  const text = template.replace(/<([A-Za-z0-9_.-]+)>/g, (_, name: string) => {
    const path = paths[name];
    if (!path) throw new Error(`placeholder <${name}> has no path`);
    const value = valueAt(event, path);
    if (value === undefined) throw new Error(`the event has nothing at ${path}`);
    // Every placeholder of our templates stands inside a string; its value is text there.
    return JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value)).slice(1, -1);
  });
  return JSON.parse(text);
}

function valueAt(event: unknown, path: string): unknown {
  if (!path.startsWith('$.')) throw new Error(`unsupported path ${path}`);
  return path
    .slice(2)
    .split('.')
    .reduce<unknown>(
      (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
      event,
    );
}
