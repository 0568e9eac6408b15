import { toast } from 'svelte-sonner';
import { goto } from '$app/navigation';
import { resolveHref } from '#lib/paths.ts';
import { apiFailure } from '#lib/trpc.ts';
import { hasListFilters, listSearch, type ListQuery } from './list-params.ts';

/** One page of a keyset list as every list procedure returns it. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
  totalIsCapped?: boolean;
}

export interface ListOptions<T, K extends string, Input> {
  /** The first page, from the page's load: a new one (another address) starts the list over. */
  page: () => ListPage<T>;
  /** The list's state from the address, from the page's load (`defineListParams().query`). */
  query: () => ListQuery<K, Input>;
  /** The list's own path, without base or query: `/licenses/customers`. */
  path: () => string;
  /** The next page after `cursor`, with the same input as the first. */
  fetch: (input: Input & { cursor: string }) => Promise<ListPage<T>>;
}

/** What the list's components use of its state, whatever the list's input. */
export interface ListView<T = unknown> {
  readonly page: ListPage<T>;
  readonly items: T[];
  readonly params: Record<string, string>;
  readonly hasMore: boolean;
  readonly hasFilters: boolean;
  readonly loading: boolean;
  /** The columns the server sorts this list by. */
  readonly sorts: readonly string[];
  href(next?: Partial<Record<string, string>>): string;
  apply(next: Partial<Record<string, string>>): void;
  clear(): void;
  loadMore(): Promise<void>;
}

/**
 * A list page's state: the rows shown so far, whether there are more, and its filters as the
 * address holds them. Changing a filter navigates, so the page's load fetches the first page and
 * back/forward restore any earlier state; "Load more" appends the next page in place.
 */
export class ListState<T, K extends string = string, Input = unknown> implements ListView<T> {
  #options: ListOptions<T, K, Input>;
  /** The rows so far: the load's page, then each page "Load more" appends. */
  page = $derived.by(() => this.#options.page());
  loading = $state(false);

  constructor(options: ListOptions<T, K, Input>) {
    this.#options = options;
  }

  get items(): T[] {
    return this.page.items;
  }
  get params(): Record<K, string> {
    return this.#options.query().params;
  }
  /** The procedure's input for this state, without a cursor: what an export of the list takes. */
  get input(): Input {
    return this.#options.query().input;
  }
  get hasMore(): boolean {
    return this.page.nextCursor !== null;
  }
  get hasFilters(): boolean {
    return hasListFilters(this.#options.query());
  }
  get sorts(): readonly string[] {
    return this.#options.query().sorts;
  }

  /** The address of this list with `next` changed; transient parameters are dropped. */
  href(next: Partial<Record<K, string>> = {}): string {
    return resolveHref(this.#options.path() + listSearch(this.#options.query(), { ...this.params, ...next }));
  }

  /** Shows the list with `next` changed, as a new history entry. */
  apply(next: Partial<Record<K, string>>) {
    // eslint-disable-next-line svelte/no-navigation-without-resolve -- href() resolves
    void goto(this.href(next), { reset: false });
  }

  /** Every filter back to its default; the sort stays. */
  clear() {
    const query = this.#options.query();
    this.apply(Object.fromEntries(query.filters.map((key) => [key, query.defaults[key]])) as Partial<Record<K, string>>);
  }

  async loadMore() {
    const shown = this.page;
    if (shown.nextCursor === null || this.loading) return;
    this.loading = true;
    try {
      const next = await this.#options.fetch({ ...this.#options.query().input, cursor: shown.nextCursor });
      // Another address was loaded meanwhile: its first page stands.
      if (this.page !== shown) return;
      this.page = { ...next, items: [...shown.items, ...next.items] };
    } catch (error) {
      toast.error(apiFailure(error).message);
    } finally {
      this.loading = false;
    }
  }
}

/**
 * A list whose rows all arrive at once (a report's lines): the same table, keyboard navigation
 * and empty state as a paged list, with nothing to filter or load.
 */
export function wholeList<T>(items: () => T[]): ListView<T> {
  return {
    get page() {
      return { items: items(), nextCursor: null };
    },
    get items() {
      return items();
    },
    params: {},
    hasMore: false,
    hasFilters: false,
    loading: false,
    sorts: [],
    href: () => '',
    apply: () => {},
    clear: () => {},
    loadMore: async () => {},
  };
}
