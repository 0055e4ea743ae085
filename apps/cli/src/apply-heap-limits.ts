import { limitHeapGrowth } from './limit-heap-growth';

// Imported first by main.ts, so the settings hold before any library is loaded: the young generation grows
// during start-up otherwise. The installed command only; embedders and tests keep their own heap.
limitHeapGrowth(process);
