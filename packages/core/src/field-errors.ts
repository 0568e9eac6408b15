/**
 * A refused input's messages per field path (`profile.accountName`; `input` for the whole input),
 * as forms show them. Takes any zod error by its shape, so the browser can use it without loading
 * zod itself.
 */
export function fieldErrorsOf(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  prefix = '',
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'input';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
