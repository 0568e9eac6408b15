import { onDestroy, onMount } from 'svelte';
import { apiFailure } from '#lib/trpc.ts';

/**
 * The seconds left before the server accepts another attempt after it answered 429 (too many
 * sign-ins, too many reset links), counted down each second. Create it during component set-up.
 */
export class RetryCountdown {
  seconds = $state(0);
  #timer: ReturnType<typeof setInterval> | undefined;

  /** `initial`: a wait the page's server already gave (a form posted before the script ran). */
  constructor(initial = 0) {
    onDestroy(() => clearInterval(this.#timer));
    if (initial > 0) onMount(() => this.start(initial));
  }

  get waiting(): boolean {
    return this.seconds > 0;
  }

  start(seconds: number) {
    clearInterval(this.#timer);
    this.seconds = Math.ceil(seconds);
    this.#timer = setInterval(() => {
      this.seconds -= 1;
      if (this.seconds <= 0) clearInterval(this.#timer);
    }, 1000);
  }

  /** Starts counting when `error` says how long to wait. */
  after(error: unknown) {
    const wait = apiFailure(error).retryAfterSeconds;
    if (wait) this.start(wait);
  }
}
