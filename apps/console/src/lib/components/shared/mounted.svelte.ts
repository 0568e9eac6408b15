import { onMount } from 'svelte';

/**
 * Whether the component has mounted in the browser. Buttons that only work with JavaScript stay
 * disabled until then, so a click during hydration is not silently lost (or, in a form, sent the
 * browser's way with every field in the address).
 */
export function mounted(): { readonly current: boolean } {
  let current = $state(false);
  onMount(() => {
    current = true;
  });
  return {
    get current() {
      return current;
    },
  };
}
