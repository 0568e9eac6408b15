import {
  createKeyBatch,
  getBatch,
  getKey,
  keyExport,
  listBatches,
  listKeys,
  voidKeys,
  ZBatchIdInput,
  ZCreateKeyBatchInput,
  ZKeyIdInput,
  ZListBatchesInput,
  ZListKeysInput,
  ZVoidKeysInput,
} from '@keyway/core/registration-keys';
import { listAssignablePlans } from '@keyway/core/service-plans';
import { prepareExport } from '../exports.ts';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('registrationKeys.view'));
const generate = companyProcedure.use(requires('registrationKeys.generate'));
const voiding = companyProcedure.use(requires('registrationKeys.void'));

export const registrationKeysRouter = router({
  batches: router({
    list: view.input(ZListBatchesInput).query(({ ctx, input }) => listBatches(ctx.db, ctx.actor, input)),
    /** Status, count and generated: the batch page polls it for its progress bar. */
    get: view.input(ZBatchIdInput).query(({ ctx, input }) => getBatch(ctx.db, ctx.actor, input)),
    /** Records a batch on a plan the caller's company may assign and queues its generation. */
    create: generate
      .input(ZCreateKeyBatchInput)
      .mutation(({ ctx, input }) => createKeyBatch(ctx.db, ctx.jobs, ctx.actor, input)),
  }),
  /** The plans the caller's company may generate keys from. */
  plans: generate.query(async ({ ctx }) => ({ items: await listAssignablePlans(ctx.db, ctx.actor) })),
  list: view.input(ZListKeysInput).query(({ ctx, input }) => listKeys(ctx.db, ctx.actor, input)),
  get: view.input(ZKeyIdInput).query(({ ctx, input }) => getKey(ctx.db, ctx.actor, input)),
  /** Voids available keys with a reason; all or nothing. */
  void: voiding.input(ZVoidKeysInput).mutation(({ ctx, input }) => voidKeys(ctx.db, ctx.actor, input)),
  /** Checks the export may run and returns the download address and row count. */
  export: prepareExport(keyExport),
});
