export { type FakeGraph, type FakeGraphOptions, startFakeGraph } from './fake-graph.js';
export { rosterIdentity } from './identity.js';
export type * from './types.js';
export { GRAPH_PERMISSIONS } from './types.js';
