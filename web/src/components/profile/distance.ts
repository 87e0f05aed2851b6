/** Distances arrive in whole km from a ~1 km grid: 0 means "in the same neighbourhood", not "here". */
export function describeDistance(distanceKm: number): string {
  if (distanceKm < 1) return 'Less than 1 km away';
  return `${distanceKm} km away`;
}
