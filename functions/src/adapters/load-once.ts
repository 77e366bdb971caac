// Load something once and share it: the adapters' lazily imported modules and clients.

/** `load` run on the first call and shared by later ones; a failed load (a broken install, missing credentials) is tried again next time, not remembered. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
