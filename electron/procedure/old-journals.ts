// Journals written by older versions keep loading. A persisted machine snapshot names the actor each running
// invoke was started from (`src`), and xstate restores a child only when its machine still has an actor of that
// name: a run saved mid-undo by a version whose undo actor was called `rollbackStep` would otherwise come back
// with no undo running, stuck. The invoke ids (step.<id>, rollback.<id>, rollback.all) never changed.

/** Actor names older versions wrote, and what they are called now. */
const RENAMED_ACTORS: Readonly<Record<string, string>> = { rollbackStep: 'undoStep' };

/** The snapshot with older actor names brought up to date (a new object; the journal's copy is not touched). */
export function currentVocabulary<S>(snapshot: S): S {
  if (typeof snapshot !== 'object' || snapshot === null || !('children' in snapshot)) return snapshot;
  const children = snapshot.children;
  if (typeof children !== 'object' || children === null) return snapshot;
  const renamed = Object.fromEntries(
    Object.entries(children as Record<string, unknown>).map(([id, child]) => {
      if (typeof child !== 'object' || child === null || !('src' in child) || typeof child.src !== 'string') return [id, child];
      const src = RENAMED_ACTORS[child.src];
      return [id, src === undefined ? child : { ...child, src }];
    }),
  );
  return { ...snapshot, children: renamed };
}
