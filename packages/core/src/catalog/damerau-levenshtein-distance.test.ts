import { damerauLevenshteinDistance } from './damerau-levenshtein-distance';

describe('damerauLevenshteinDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['gpto4mini', 'gpt4omini', 1],
    ['claude35sonnet', 'claude35sonnet', 0],
  ])('%s -> %s is %i', (left, right, distance) => {
    expect(damerauLevenshteinDistance(left, right)).toBe(distance);
    expect(damerauLevenshteinDistance(right, left)).toBe(distance);
  });
});
