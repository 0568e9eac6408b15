import { toast } from 'svelte-sonner';
import { apiFailure } from '#lib/trpc.ts';

/**
 * A one-click action on a row of a page (enable a plan, end a session, resend a link): which row
 * it is running on, so that row's buttons lock, and a refusal said in a toast. What it says on
 * success is the action's own.
 */
export class RowAction<K extends string | number = string> {
  /** The row the action is running on, or null. */
  busy = $state<K | null>(null);

  async run(key: K, action: () => Promise<unknown>): Promise<boolean> {
    this.busy = key;
    try {
      await action();
      return true;
    } catch (error) {
      toast.error(apiFailure(error).message);
      return false;
    } finally {
      this.busy = null;
    }
  }
}
