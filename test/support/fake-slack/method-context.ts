import type { Args } from './args.js';
import type { FakeWorkspace } from './workspace.js';

export interface MethodContext {
  ws: FakeWorkspace;
  args: Args;
  token: string;
}

/** The success body of a method, without `ok: true` (the server adds it). */
export type MethodResult = Record<string, unknown>;

export type MethodTable = Record<string, (ctx: MethodContext) => MethodResult>;
