import {
  createLegalDocument,
  dataCenterArea,
  getLegalDocument,
  legalDocumentProducts,
  listLegalDocuments,
  previewLegalDocument,
  publishLegalDocument,
  regionalServiceArea,
  updateLegalDocument,
  ZCreateEndpointInput,
  ZCreateLegalDocumentInput,
  ZEndpointIdInput,
  ZLegalDocumentIdInput,
  ZListEndpointsInput,
  ZListLegalDocumentsInput,
  ZPreviewLegalDocumentInput,
  ZSetEndpointEnabledInput,
  ZUpdateEndpointInput,
  ZUpdateLegalDocumentInput,
} from '@keyway/core/branding';
import { companyProcedure, requires, router } from '../trpc.ts';

// Branding Settings are the Administrator's, in the tiers that own them (vendor, tier-1, MSP);
// reading them is part of managing them, so one privilege covers both.
const branding = companyProcedure.use(requires('branding.modify'));

function endpointRouter(area: typeof dataCenterArea) {
  return router({
    list: branding.input(ZListEndpointsInput).query(({ ctx, input }) => area.list(ctx.db, ctx.actor, input)),
    get: branding.input(ZEndpointIdInput).query(({ ctx, input }) => area.get(ctx.db, ctx.actor, input)),
    create: branding.input(ZCreateEndpointInput).mutation(({ ctx, input }) => area.create(ctx.db, ctx.actor, input)),
    update: branding.input(ZUpdateEndpointInput).mutation(({ ctx, input }) => area.update(ctx.db, ctx.actor, input)),
    setEnabled: branding.input(ZSetEndpointEnabledInput).mutation(({ ctx, input }) => area.setEnabled(ctx.db, ctx.actor, input)),
  });
}

export const brandingRouter = router({
  legalDocuments: router({
    list: branding.input(ZListLegalDocumentsInput).query(({ ctx, input }) => listLegalDocuments(ctx.db, ctx.actor, input)),
    get: branding.input(ZLegalDocumentIdInput).query(({ ctx, input }) => getLegalDocument(ctx.db, ctx.actor, input)),
    create: branding.input(ZCreateLegalDocumentInput).mutation(({ ctx, input }) => createLegalDocument(ctx.db, ctx.actor, input)),
    update: branding.input(ZUpdateLegalDocumentInput).mutation(({ ctx, input }) => updateLegalDocument(ctx.db, ctx.actor, input)),
    publish: branding.input(ZLegalDocumentIdInput).mutation(({ ctx, input }) => publishLegalDocument(ctx.db, ctx.actor, input)),
    products: branding.query(({ ctx }) => legalDocumentProducts(ctx.db)),
    /** Renders a body being written; a mutation only so long texts travel in the request body. */
    preview: branding.input(ZPreviewLegalDocumentInput).mutation(({ input }) => previewLegalDocument(input)),
  }),
  dataCenters: endpointRouter(dataCenterArea),
  regionalServices: endpointRouter(regionalServiceArea),
});
