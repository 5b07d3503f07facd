/**
 * What this device keeps between visits, in IndexedDB (it survives a reload without network and is not
 * limited to a few megabytes like localStorage): the encounters waiting to be sent, and who was signed
 * in, so that the outreach pages open without network. Each call is one IndexedDB transaction.
 */

const DATABASE = 'trame'
const VERSION = 1
/** The stores: records keyed by their own `key` field, and single values by name. */
export type StoreName = 'pending-encounters' | 'device'

let opening: Promise<IDBDatabase> | undefined

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, VERSION)
    request.onupgradeneeded = () => {
      const db = request.result
      if (!db.objectStoreNames.contains('pending-encounters'))
        db.createObjectStore('pending-encounters', { keyPath: 'key' })
      if (!db.objectStoreNames.contains('device')) db.createObjectStore('device')
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
    request.onblocked = () => reject(new Error('IndexedDB blocked'))
  }).catch((error) => {
    opening = undefined
    throw error
  })
  return opening
}

async function run<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  work: (objects: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await database()
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(store, mode)
    const request = work(transaction.objectStore(store))
    // Resolved once written for good, not merely requested.
    transaction.oncomplete = () => resolve(request.result)
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'))
  })
}

export const deviceStore = {
  all: <T>(store: StoreName) => run<T[]>(store, 'readonly', (objects) => objects.getAll()),
  get: <T>(store: StoreName, key: string) =>
    run<T | undefined>(store, 'readonly', (objects) => objects.get(key)),
  /** A record of a keyed store (`key` inside it), or a value under `key` in the `device` store. */
  put: (store: StoreName, value: unknown, key?: string) =>
    run(store, 'readwrite', (objects) => objects.put(value, key)).then(() => undefined),
  delete: (store: StoreName, key: string) =>
    run(store, 'readwrite', (objects) => objects.delete(key)).then(() => undefined),
}
