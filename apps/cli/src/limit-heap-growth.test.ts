import { heapGrowthFlagsToApply } from './limit-heap-growth';

describe('heapGrowthFlagsToApply', () => {
  it('applies both settings when node was started without its own', () => {
    expect(heapGrowthFlagsToApply([], undefined)).toEqual({ heapGrowth: true, startupYoungGeneration: true });
    expect(heapGrowthFlagsToApply(['--enable-source-maps'], '--no-warnings')).toEqual({ heapGrowth: true, startupYoungGeneration: true });
  });

  it('leaves the young generation to a semi-space setting the user gave, on the command line or in NODE_OPTIONS', () => {
    expect(heapGrowthFlagsToApply(['--max-semi-space-size=8'], undefined)).toEqual({ heapGrowth: true, startupYoungGeneration: false });
    expect(heapGrowthFlagsToApply([], '--max_semi_space_size=32')).toEqual({ heapGrowth: true, startupYoungGeneration: false });
  });

  it('leaves the old generation to a growing percent the user gave', () => {
    expect(heapGrowthFlagsToApply(['--heap-growing-percent=20'], undefined)).toEqual({ heapGrowth: false, startupYoungGeneration: true });
  });
});
