import {
  getEmail,
  getTemplate,
  listScheduledEmails,
  listSentEmails,
  listTemplates,
  previewTemplate,
  rescheduleEmails,
  resendEmail,
  resetTemplate,
  sendScheduledNow,
  updateTemplate,
  ZListScheduledInput,
  ZListSentInput,
  ZListTemplatesInput,
  ZMessageIdInput,
  ZMessageIdsInput,
  ZPreviewTemplateInput,
  ZRescheduleInput,
  ZTemplateKey,
  ZUpdateTemplateInput,
} from '@keyway/core/email-notifications';
import { companyProcedure, requires, router } from '../trpc.ts';

const templates = companyProcedure.use(requires('emails.templates'));
const sent = companyProcedure.use(requires('emails.sent'));
const scheduled = companyProcedure.use(requires('emails.scheduled'));

export const emailNotificationsRouter = router({
  templates: router({
    list: templates.input(ZListTemplatesInput).query(({ ctx, input }) => listTemplates(ctx.db, ctx.actor, input)),
    get: templates.input(ZTemplateKey).query(({ ctx, input }) => getTemplate(ctx.db, ctx.actor, input)),
    update: templates
      .input(ZUpdateTemplateInput)
      .mutation(({ ctx, input }) => updateTemplate(ctx.db, ctx.actor, input)),
    // Changes nothing, but a mutation all the same: a query travels in the address, and a whole
    // template there outgrows the server's header limit (HTTP 431).
    preview: templates
      .input(ZPreviewTemplateInput)
      .mutation(({ ctx, input }) => previewTemplate(ctx.db, ctx.actor, input)),
    reset: templates.input(ZTemplateKey).mutation(({ ctx, input }) => resetTemplate(ctx.db, ctx.actor, input)),
  }),
  sent: router({
    list: sent.input(ZListSentInput).query(({ ctx, input }) => listSentEmails(ctx.db, ctx.actor, input)),
    get: sent.input(ZMessageIdInput).query(({ ctx, input }) => getEmail(ctx.db, ctx.actor, input)),
    resend: sent
      .input(ZMessageIdInput)
      .mutation(({ ctx, input }) => resendEmail(ctx.db, ctx.jobs, ctx.actor, input)),
  }),
  scheduled: router({
    list: scheduled
      .input(ZListScheduledInput)
      .query(({ ctx, input }) => listScheduledEmails(ctx.db, ctx.actor, input)),
    sendNow: scheduled
      .input(ZMessageIdsInput)
      .mutation(({ ctx, input }) => sendScheduledNow(ctx.db, ctx.jobs, ctx.actor, input)),
    reschedule: scheduled
      .input(ZRescheduleInput)
      .mutation(({ ctx, input }) => rescheduleEmails(ctx.db, ctx.actor, input)),
  }),
});
