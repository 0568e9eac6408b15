import { createContext } from 'svelte';
import type { ListColumn } from './list-table.svelte.ts';

/** The columns of the DataTable a `ListCell` is in, by id. */
export const [listColumnOf, setListColumns] = createContext<(id: string) => ListColumn | undefined>();
