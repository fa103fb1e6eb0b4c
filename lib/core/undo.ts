// Multi-step changes across Auth0 and our database either finish or are rolled back:
// each Auth0 step registers how to undo it, and a later failure runs the undos in reverse.
// An undo that fails itself is logged (Auth0 and the DB may then differ until the next
// sync), and the original error is what the caller sees.
export class UndoStack {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];

  push(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  async rollback(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`undo: could not undo "${step.what}":`, error instanceof Error ? error.message : error);
      }
    }
    this.steps.length = 0;
  }
}

/** Runs `work` with an undo stack; on failure rolls back and rethrows. */
export async function allOrNothing<T>(work: (undo: UndoStack) => Promise<T>): Promise<T> {
  const undo = new UndoStack();
  try {
    return await work(undo);
  } catch (error) {
    await undo.rollback();
    throw error;
  }
}
