/** Main thread → hash worker: hash this file. */
export interface HashRequest {
  readonly id: number;
  readonly path: string;
}

/** Hash worker → main thread. */
export type HashReply =
  | { readonly id: number; readonly ok: true; readonly bytes: number; readonly sha256: string }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly errno: string | null };
