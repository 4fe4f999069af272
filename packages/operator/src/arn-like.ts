/**
 * Whether an ARN matches a pattern as IAM's `ArnLike` condition operator (and so a service
 * control policy's `aws:PrincipalArn` condition) compares them: each of the six colon-separated
 * parts on its own — the sixth is the rest, colons included — where `*` stands for any run of
 * characters and `?` for any one character within that part. Case-sensitive. Pure.
 */
export function arnLike(pattern: string, arn: string): boolean {
  const patternParts = arnParts(pattern);
  const arnPartsOf = arnParts(arn);
  if (!patternParts || !arnPartsOf) return false;
  return patternParts.every((part, i) => globMatches(part, arnPartsOf[i] ?? ''));
}

/** The six parts of an ARN (`arn:partition:service:region:account:resource`), or undefined. */
function arnParts(value: string): string[] | undefined {
  const parts = value.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** The first pattern an ARN matches, or undefined. */
export function firstMatch(patterns: readonly string[], arn: string): string | undefined {
  return patterns.find((pattern) => arnLike(pattern, arn));
}
