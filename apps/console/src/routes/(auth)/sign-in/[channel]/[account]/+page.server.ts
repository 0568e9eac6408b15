/**
 * A customer's own sign-in address, as its profile shows it: the same form and action as
 * `/sign-in`. Sign-in is by email, so the address needs no lookup, and it answers alike for any
 * account name: whether a customer exists is not told to someone signed out.
 */
export { actions, load } from '../../+page.server.ts';
