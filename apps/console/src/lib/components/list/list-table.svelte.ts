import {
  constructTable,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type Row,
  type RowData,
  type Table,
} from '@tanstack/table-core';
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import type { ListQuery } from './list-params.ts';
import { ListState, wholeList, type ListOptions, type ListPage, type ListView } from './list-state.svelte.ts';

/**
 * How much a column matters when the table is narrow. The table measures its own width (a CSS
 * container query, so the server's page is already laid out right):
 * - 1, the default: always shown.
 * - 2, secondary: hidden on a table narrower than 56rem (on a 1024-px screen), shown again on a card.
 * - 3, tertiary: shown only on a table at least 72rem wide (a screen wider than 1440 px), not on cards.
 */
export type ColumnPriority = 1 | 2 | 3;

/**
 * What a column is on a card (a narrow table shows each row as one): `primary` is the card's
 * title (by default the first column), `actions` the row's buttons, at the card's foot and at
 * the table's right edge.
 */
export type ColumnRole = 'primary' | 'actions';

/** A column of a list table: its header, and whether the server sorts by it (its id is one of the list's sorts). */
export interface ListColumn {
  id: string;
  header: string;
  sortable: boolean;
  class?: string;
  priority: ColumnPriority;
  role?: ColumnRole;
}

/** A column as a page declares it: its header, the header cell's class, its priority and role. */
export interface ColumnSpec {
  header: string;
  class?: string;
  priority?: ColumnPriority;
  role?: ColumnRole;
}

/**
 * A list's columns in order, by id: the header, or a `ColumnSpec`; `false` (or nothing) leaves a
 * column out (one the viewer may not use). A column sorts when the list's input sorts by its id.
 * The row snippet renders each shown column's cell with `<ListCell column="id">`.
 */
export type ColumnSpecs = Record<string, string | ColumnSpec | false | null | undefined>;

/** The shown columns of `specs`, in order: the first is the primary one unless another is. */
export function listColumns(specs: ColumnSpecs, sorts: readonly string[]): ListColumn[] {
  const columns = Object.entries(specs).flatMap(([id, spec]): ListColumn[] => {
    if (!spec) return [];
    const { header, class: className, priority = 1, role } = typeof spec === 'string' ? { header: spec } : spec;
    return [{ id, header, class: className, priority, role, sortable: sorts.includes(id) }];
  });
  const first = columns.find((column) => column.role !== 'actions');
  if (first && !columns.some((column) => column.role === 'primary')) first.role = 'primary';
  return columns;
}

export interface ListTableOptions<T extends RowData> {
  list: () => ListView<T>;
  /** The columns shown. */
  columns: () => ColumnSpecs;
  /** A row's stable id: selection is kept by it across "Load more". By default its `id`. */
  rowId?: (row: T) => string | number;
  /** Whether the headers sort the list (by default when it has sorts); `false` for a list shown unsorted elsewhere. */
  sorting?: () => boolean;
  /** Rows may be selected for bulk actions; `false` for a row that cannot be (a voided key). */
  selectable?: (row: T) => boolean;
  /** Whether the selection column shows (the user may act on the selection); by default with `selectable`. */
  selection?: () => boolean;
}

const features = tableFeatures({ coreReactivityFeature: storeReactivityBindings(), rowSortingFeature, rowSelectionFeature });

/**
 * The table model of a list (headless, on TanStack Table): which column the list is sorted by and
 * which way the next click sorts it, and which rows are selected. Sorting and paging happen on the
 * server; the model follows the address (`sort`, `dir`) and the rows the list has loaded.
 */
export class ListTable<T extends RowData> {
  #options: ListTableOptions<T>;
  /** Bumped after each selection change: the table's own store is not Svelte state. */
  #version = $state(0);
  #firstPage: unknown = undefined;
  #table: Table<typeof features, T>;

  constructor(options: ListTableOptions<T>) {
    this.#options = options;
    this.#table = constructTable({
      features,
      columns: [] as ColumnDef<typeof features, T>[],
      data: [] as T[],
      getRowId: (row: T) => this.#rowId(row),
      manualSorting: true,
      enableSortingRemoval: false,
      sortDescFirst: false,
      enableRowSelection: (row: Row<typeof features, T>) => options.selectable?.(row.original) ?? false,
    });
  }

  #rowId(row: T): string {
    return String(this.#options.rowId ? this.#options.rowId(row) : (row as { id: string | number }).id);
  }

  /** The columns shown, in order. */
  #columns = $derived.by((): ListColumn[] => {
    const sorts = this.#options.sorting?.() === false ? [] : this.#options.list().sorts;
    return listColumns(this.#options.columns(), sorts);
  });

  /** The rows, synchronised with the list; a list with another first row clears the selection. */
  #rows = $derived.by(() => {
    const list = this.#options.list();
    const page = list.page;
    const data = page.items;
    const sort = list.params['sort'];
    const defs = this.#columns.map(
      (column): ColumnDef<typeof features, T> => ({
        id: column.id,
        header: column.header,
        // Sorting is the server's; a column sorts only with an accessor, so each reads its field.
        accessorFn: (row) => (row as Record<string, unknown>)[column.id],
        enableSorting: column.sortable,
      }),
    );
    this.#table.setOptions((previous) => ({ ...previous, data, columns: defs }));
    this.#table.setSorting(sort ? [{ id: sort, desc: list.params['dir'] === 'desc' }] : []);
    // Rows are keyed by id, and the same first row reloaded (the same address loaded again) keeps
    // the selection; another first row is another list.
    const first = data.length > 0 ? this.#rowId(data[0]!) : page;
    if (this.#firstPage !== undefined && first !== this.#firstPage) this.#table.resetRowSelection(true);
    this.#firstPage = first;
    return this.#table.getRowModel().rows;
  });

  get rows(): Row<typeof features, T>[] {
    void this.#version;
    return this.#rows;
  }

  get columns(): ListColumn[] {
    return this.#columns;
  }

  /** A shown column by id (`ListCell` lays its cell out by it). */
  column(id: string): ListColumn | undefined {
    return this.#columns.find((column) => column.id === id);
  }

  get selectable(): boolean {
    return this.#options.selection?.() ?? this.#options.selectable !== undefined;
  }

  /** The sort this column header shows, and the address of the list sorted by it next. */
  sortOf(id: string): { active: boolean; direction: 'asc' | 'desc'; href: string } | null {
    void this.#rows;
    const column = this.#table.getColumn(id);
    if (!column?.getCanSort()) return null;
    const sorted = column.getIsSorted();
    const next = column.getNextSortingOrder() || 'asc';
    return { active: sorted !== false, direction: sorted || 'asc', href: this.#options.list().href({ sort: id, dir: next }) };
  }

  isSelected(row: Row<typeof features, T>): boolean {
    void this.#version;
    return row.getIsSelected();
  }

  canSelect(row: Row<typeof features, T>): boolean {
    return row.getCanSelect();
  }

  toggle(row: Row<typeof features, T>, checked: boolean) {
    row.toggleSelected(checked);
    this.#version++;
  }

  toggleAll(checked: boolean) {
    void this.#rows;
    this.#table.toggleAllRowsSelected(checked);
    this.#version++;
  }

  clearSelection() {
    this.#table.resetRowSelection(true);
    this.#version++;
  }

  /** The selected rows among those loaded. */
  get selected(): T[] {
    void this.#version;
    void this.#rows;
    return this.#table.getSelectedRowModel().rows.map((row) => row.original);
  }

  get allSelected(): boolean {
    void this.#version;
    return this.#rows.some((row) => row.getCanSelect()) && this.#table.getIsAllRowsSelected();
  }

  get someSelected(): boolean {
    void this.#version;
    void this.#rows;
    return this.#table.getIsSomeRowsSelected() && !this.allSelected;
  }

  get anySelectable(): boolean {
    return this.#rows.some((row) => row.getCanSelect());
  }
}

/** Where a paged list's first page and address state come from: the page's load, as `{ list, query }`, or each on its own. */
type ListSource<T, K extends string, Input> =
  | { data: () => { list: ListPage<T>; query: ListQuery<K, Input> } }
  | Pick<ListOptions<T, K, Input>, 'page' | 'query'>;

/**
 * A paged list and its table from one definition: the list's state (rows, filters, "Load more")
 * and the table model over it. What most list pages hold.
 */
export function pagedList<T extends RowData, K extends string, Input>(
  options: ListSource<T, K, Input> &
    Pick<ListOptions<T, K, Input>, 'fetch'> &
    Omit<ListTableOptions<T>, 'list'> & { path: string | (() => string) },
): { list: ListState<T, K, Input>; table: ListTable<T> } {
  const { path } = options;
  const list = new ListState<T, K, Input>({
    ...('data' in options ? { page: () => options.data().list, query: () => options.data().query } : options),
    path: typeof path === 'string' ? () => path : path,
    fetch: options.fetch,
  });
  return { list, table: new ListTable({ ...options, list: () => list }) };
}

/**
 * The table of a list whose rows all arrive at once (a report's lines, a price list's entries):
 * the same table, keyboard navigation and empty state as a paged list, unsorted.
 */
export function wholeTable<T extends RowData>(items: () => T[], options: Omit<ListTableOptions<T>, 'list'>): ListTable<T> {
  const list = wholeList(items);
  return new ListTable({ ...options, list: () => list });
}
