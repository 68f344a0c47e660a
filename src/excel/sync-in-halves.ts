import { isPayloadTooLarge } from "./office-errors";

/**
 * Queues a batch on the context and syncs it; when Excel refuses the request as too large (it is
 * refused whole, so nothing of it ran), does the same for each half `split` gives, down to what
 * cannot be split. `queue` returns what to do with the batch's results once its sync succeeded.
 */
export async function syncInHalves<T>(
  context: Excel.RequestContext,
  batch: T[],
  queue: (batch: T[]) => () => void,
  split: (batch: T[]) => T[][] | null,
): Promise<void> {
  const finish = queue(batch);
  try {
    await context.sync();
  } catch (error) {
    const halves = isPayloadTooLarge(error) ? split(batch) : null;
    if (!halves) throw error;
    for (const half of halves) await syncInHalves(context, half, queue, split);
    return;
  }
  finish();
}

/** Two halves of a batch of several items; null for a single item (the caller may split it further). */
export function halvesOfBatch<T>(batch: readonly T[]): T[][] | null {
  if (batch.length < 2) return null;
  const mid = Math.ceil(batch.length / 2);
  return [batch.slice(0, mid), batch.slice(mid)];
}
