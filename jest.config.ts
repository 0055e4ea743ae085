import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';
import { readFileSync } from 'node:fs';

// Jest runs TypeScript sources, never dist: workspace package names map to src via tsconfig.jest.json paths.
const tsconfig = JSON.parse(readFileSync(`${__dirname}/tsconfig.jest.json`, 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/apps', '<rootDir>/bench'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: pathsToModuleNameMapper(tsconfig.compilerOptions.paths, { prefix: '<rootDir>/' }),
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  testTimeout: 30_000,
  // End-to-end suites spawn real processes; keep the 2-core machine from thrashing.
  maxWorkers: 2,
};

export default config;
