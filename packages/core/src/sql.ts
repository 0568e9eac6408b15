/** `%`, `_` and `\` are literal characters in a user's search, not LIKE patterns. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A list as one Postgres array literal (`{"a","b"}`), to be cast where it is used
 * (`${pgArray(ids)}::uuid[]`): a whole batch travels as one parameter, and `unnest` or `= any`
 * turn it back into rows. Every element is quoted, so commas, braces and quotes stay text.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
