/** A small fixed-seed generator (mulberry32): the same sample on every run and machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * About `max` of `items`, keeping their order: every item `always` wants and the first of each
 * kind, then others drawn with a seed taken from `key`, so a run is reproducible.
 */
export function sampled<T extends { kind: string }>(items: T[], max: number, key: string, always: (item: T) => boolean): T[] {
  if (items.length <= max) return items;
  const seen = new Set<string>();
  const keep = new Set<number>();
  items.forEach((item, i) => {
    if (!seen.has(item.kind) || always(item)) {
      seen.add(item.kind);
      keep.add(i);
    }
  });
  const rest = items.map((_, i) => i).filter((i) => !keep.has(i));
  const random = generator(hash(key));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  for (const i of rest.slice(0, Math.max(0, max - keep.size))) keep.add(i);
  return items.filter((_, i) => keep.has(i));
}
