// Entry of the local embedder's worker thread (see threaded-embedder.ts). Plain JavaScript so that a
// worker can start it whatever ran its parent (tsx, vitest): it registers tsx itself, then loads the
// TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./embed-worker.ts");
