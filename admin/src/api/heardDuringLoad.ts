// Live changes (socket events, optimistic edits) can arrive while a list is still loading. The load
// may have been read by the server before those changes happened, so its result alone would drop
// them: they are kept and applied again on top of the result.

export type Update<T> = T | undefined | ((current: T | undefined) => T | undefined);

export function applyUpdate<T>(update: Update<T>, current: T | undefined): T | undefined {
  return typeof update === 'function' ? (update as (c: T | undefined) => T | undefined)(current) : update;
}

export class HeardDuringLoad<T> {
  private updates: Update<T>[] = [];
  private loading = false;

  /** A load starts: what was heard before it is already in what it will read. */
  begin() {
    this.loading = true;
    this.updates = [];
  }

  /** A live change, applied to the data shown now; kept if a load is on its way. */
  heard(update: Update<T>) {
    if (this.loading) this.updates.push(update);
  }

  /** The load's result, with every change heard meanwhile applied to it in order. */
  settle(result: T): T | undefined {
    const data = this.updates.reduce<T | undefined>((current, update) => applyUpdate(update, current), result);
    this.end();
    return data;
  }

  /** The load failed, or a newer one replaced it. */
  end() {
    this.loading = false;
    this.updates = [];
  }
}
