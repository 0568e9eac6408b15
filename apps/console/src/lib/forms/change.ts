import { toast } from 'svelte-sonner';
import { invalidateAll } from '$app/navigation';
import { apiFailure } from '#lib/trpc.ts';

/**
 * Runs a change from a confirm dialog or a small form, reloads the page's data and says what
 * happened (`done` may read the change's answer); resolves to the server's refusal to show, or
 * null when done.
 */
export async function changeAndReload<T>(run: () => Promise<T>, done: string | ((result: T) => string)): Promise<string | null> {
  let result: T;
  try {
    result = await run();
  } catch (error) {
    return apiFailure(error).message;
  }
  await invalidateAll();
  toast.success(typeof done === 'function' ? done(result) : done);
  return null;
}
