import type { ApiCaller } from '@keyway/api';
import type { SignedIn } from '@keyway/core/auth';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in user, company, tier and permissions; null when signed out. */
      auth: SignedIn | null;
      /** The tRPC router called in-process with this request's context (SSR loads, form actions). */
      api: ApiCaller;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
