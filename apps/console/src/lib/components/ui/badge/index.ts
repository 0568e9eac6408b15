import Root, { type BadgeVariant, badgeVariants } from './badge.svelte';

export { Root, Root as Badge, badgeVariants, type BadgeVariant };
