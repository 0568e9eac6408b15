/** Rows each branding list shows at first and adds with each "Load more". */
export const BRANDING_PAGE_SIZE = 100;
