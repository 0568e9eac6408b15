/** `%`, `_` and `\` are literal characters in a user's search, not LIKE patterns. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
