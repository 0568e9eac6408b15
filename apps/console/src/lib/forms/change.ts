import { toast } from 'svelte-sonner';
import { invalidateAll } from '$app/navigation';

/**
 * Runs a change from a dialog or a small form, reloads the page's data and says what happened
 * (`done` may read the change's answer). A refusal is thrown on to the caller's submission, which
 * shows it; nothing is reloaded then.
 */
export async function changeAndReload<T>(run: () => Promise<T>, done: string | ((result: T) => string)): Promise<T> {
  const result = await run();
  await invalidateAll();
  toast.success(typeof done === 'function' ? done(result) : done);
  return result;
}
