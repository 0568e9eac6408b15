import { createHash } from 'node:crypto';
import { safeUrl } from './brand.ts';
import { EMAIL_BLOCKS, type EmailBlocks, type EmailEvent } from './events.ts';
import { prepareEmail, renderEmail, renderLayout, type RenderEmailInput, type RenderedEmail } from './render.ts';
import { interpolateBlocks } from './variables.ts';

/**
 * Render once per template, fill per mail. react-email lays a template out (a few milliseconds a
 * mail); filling strings into a laid-out template costs microseconds. A template — its texts, its
 * brand, its sender and language — is rendered once with a placeholder in place of each value, and
 * every mail then only fills its values in: escaped as React escapes them in the HTML, as written
 * in the plain text.
 *
 * The layout decides some things from the values themselves: a detail row without a value is left
 * out, a button needs a web link, two equal values hide a "previous" row, a web address in a text
 * becomes a link. So a compiled template is kept per *shape* of the values — which are empty,
 * which are links, which are equal to which — and a value that could change the layout in other
 * ways (line breaks, runs of spaces, text that could start or extend a web address) is not filled
 * into a placeholder: that mail is rendered in full, as before. The output is byte for byte what
 * `renderEmail` gives (compiled.test.ts proves it for every event with hostile values).
 */

/** Marks a placeholder: private-use characters, which no value filled in may contain. */
const OPEN = '\uE000';
const OPEN_LINK = '\uE002';
const CLOSE = '\uE001';
const LINK_PREFIX = 'https://placeholder.invalid/';
const PLACEHOLDER = /https:\/\/placeholder\.invalid\/\uE002(\d+)\uE001|\uE000(\d+)\uE001/g;
/** One word or several separated by single spaces; no line breaks, tabs, zero-width spaces or placeholder marks. */
const PLAIN = /^[^\s\u200b\uE000-\uF8FF]+(?: [^\s\u200b\uE000-\uF8FF]+)*$/;
/** A web link the layout's link finder (layout.tsx) takes whole, whatever surrounds it. */
const LINK = /^https?:\/\/[^\s<>"\u200b\uE000-\uF8FF]*[^\s<>".,;:!?)'\]\u200b\uE000-\uF8FF]$/;
/** The layout's link finder (layout.tsx). */
const WEB_ADDRESS = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)'\]]/g;

/** How a value takes part in the layout. */
type ValueKind = 'empty' | 'plain' | 'link';

function kindOf(value: string): ValueKind | null {
  if (value === '') return 'empty';
  if (LINK.test(value) && safeUrl(value) !== null) return 'link';
  // A plain value can neither start a web address nor carry one on (`:` and a leading `/` are
  // what "http" needs to become one): the link finder treats its placeholder and it alike.
  if (PLAIN.test(value) && !value.includes(':') && !value.includes('http') && !value.startsWith('/')) return 'plain';
  return null;
}

/** A piece of a compiled part: fixed text, a value, or (HTML) the hidden preview line. */
type Piece = string | { value: number } | { preview: true };

interface CompiledEmail {
  names: string[];
  html: Piece[];
  text: Piece[];
  /** The block texts, for the preview line, which react-email pads to a fixed length. */
  blockTexts: EmailBlocks;
}

export interface EmailRenderStats {
  /** Templates rendered with placeholders. */
  compiled: number;
  /** Mails filled into a compiled template. */
  filled: number;
  /** Mails rendered in full: values the placeholders cannot stand for, or a template that cannot be compiled. */
  rendered: number;
}

/**
 * Compiled templates of a process, by the template's content (texts, brand, sender, language)
 * and the shape of the values: publishing a template or changing a brand gives new content, so
 * the next mail compiles anew and never sees the old texts.
 */
export class EmailRenderCache {
  readonly stats: EmailRenderStats = { compiled: 0, filled: 0, rendered: 0 };
  readonly #entries = new Map<string, Promise<CompiledEmail | null>>();

  constructor(readonly maxEntries = 2000) {}

  /** The mail `renderEmail` would give, from a compiled template when its values allow. */
  async render<E extends EmailEvent>(mail: RenderEmailInput<E>): Promise<RenderedEmail> {
    const input = mail as RenderEmailInput;
    const prepared = prepareEmail(input);
    const names = Object.keys(prepared.definition.variables);
    const shape: string[] = [];
    const placeholders: Record<string, string> = {};
    const first = new Map<string, number>();
    for (const [index, name] of names.entries()) {
      const value = prepared.values[name]!;
      const kind = kindOf(value);
      if (kind === null) return this.#renderInFull(input);
      if (kind === 'empty') {
        shape.push('-');
        placeholders[name] = '';
        continue;
      }
      // Equal values share one placeholder, so a comparison of two values turns out the same.
      const same = first.get(value) ?? index;
      first.set(value, same);
      shape.push(`${kind === 'link' ? 'l' : 'p'}${same}`);
      placeholders[name] = kind === 'link' ? `${LINK_PREFIX}${OPEN_LINK}${same}${CLOSE}` : `${OPEN}${same}${CLOSE}`;
    }

    // The sending company's name is filled like a value too, so one compiled template serves every
    // company that sends it with the same texts and brand (a tier-1's partners, say, at month end).
    const sender = kindOf(input.companyName) === 'plain' ? input.companyName : null;
    const layoutInput = sender === null ? input : { ...input, companyName: `${OPEN}${names.length}${CLOSE}` };
    const key = `${contentKey(layoutInput, prepared.blockTexts)}:${shape.join(',')}`;
    let entry = this.#entries.get(key);
    if (entry) {
      // Most recently used last: the first entry is the one to drop when full.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    } else {
      entry = compile(layoutInput, prepared.blockTexts, placeholders, names).catch(() => null);
      this.#entries.set(key, entry);
      this.stats.compiled++;
      if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    }
    const compiled = await entry;
    if (!compiled) return this.#renderInFull(input);

    this.stats.filled++;
    const values = names.map((name) => prepared.values[name]!);
    if (sender !== null) values.push(sender);
    return {
      subject: prepared.subject,
      html: fill(compiled.html, values, escapeHtml, () => previewHtml(compiled.blockTexts, prepared.values)),
      text: fill(compiled.text, values, (value) => value, () => ''),
    };
  }

  /** Forgets every compiled template. */
  clear(): void {
    this.#entries.clear();
  }

  #renderInFull(input: RenderEmailInput): Promise<RenderedEmail> {
    this.stats.rendered++;
    return renderEmail(input);
  }
}

/** The cache of the process: the worker's and the console's mails share it. */
export const emailRenderCache = new EmailRenderCache();

function contentKey(input: RenderEmailInput, blockTexts: EmailBlocks): string {
  return createHash('sha256')
    .update(JSON.stringify([input.event, input.language, input.companyName, input.brand, EMAIL_BLOCKS.map((b) => blockTexts[b])]))
    .digest('base64url');
}

async function compile(
  input: RenderEmailInput,
  blockTexts: EmailBlocks,
  placeholders: Record<string, string>,
  names: string[],
): Promise<CompiledEmail | null> {
  // A placeholder inside a web address of the texts would be read with the address around it.
  const filledBlocks = interpolateBlocks(blockTexts, placeholders);
  for (const name of EMAIL_BLOCKS) {
    for (const match of filledBlocks[name].matchAll(WEB_ADDRESS)) {
      if (match[0].includes(OPEN)) return null;
    }
  }
  const { html, text } = await renderLayout(input, blockTexts, placeholders);
  const preview = previewHtml(blockTexts, placeholders);
  const at = html.indexOf(`data-skip-in-text="true">${preview}</div>`);
  if (at < 0) return null;
  const start = at + 'data-skip-in-text="true">'.length;
  const htmlPieces = [...split(html.slice(0, start)), { preview: true as const }, ...split(html.slice(start + preview.length))];
  return { names, html: htmlPieces, text: split(text), blockTexts };
}

/** Fixed text and placeholders, in order. */
function split(part: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of part.matchAll(PLACEHOLDER)) {
    pieces.push(part.slice(last, match.index));
    pieces.push({ value: Number(match[1] ?? match[2]) });
    last = match.index + match[0].length;
  }
  pieces.push(part.slice(last));
  return pieces;
}

function fill(pieces: Piece[], values: string[], write: (value: string) => string, preview: () => string): string {
  let out = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') out += piece;
    else if ('value' in piece) out += write(values[piece.value]!);
    else out += preview();
  }
  return out;
}

const PREVIEW_LENGTH = 150;
const PREVIEW_PADDING = '\u00A0\u200C\u200B\u200D\u200E\u200F\uFEFF';

/** What react-email's `Preview` writes inside its hidden line: the text cut to 150, then padding up to 150. */
function previewHtml(blockTexts: EmailBlocks, values: Record<string, string>): string {
  const blocks = interpolateBlocks(blockTexts, values);
  const text = (blocks.intro || blocks.heading).substring(0, PREVIEW_LENGTH);
  const padding = text.length < PREVIEW_LENGTH ? `<div>${PREVIEW_PADDING.repeat(PREVIEW_LENGTH - text.length)}</div>` : '';
  return escapeHtml(text) + padding;
}

/** How React escapes text and attribute values. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
