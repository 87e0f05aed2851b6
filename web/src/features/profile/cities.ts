import type { Location } from '@dating/functions/contract';

export interface City {
  name: string;
  location: Location;
}

/** For people who would rather not share their position, or whose browser cannot. City centres, rounded. */
export const cities: readonly City[] = [
  { name: 'Amsterdam', location: { lat: 52.37, lon: 4.9 } },
  { name: 'Berlin', location: { lat: 52.52, lon: 13.4 } },
  { name: 'Buenos Aires', location: { lat: -34.6, lon: -58.38 } },
  { name: 'Chicago', location: { lat: 41.88, lon: -87.63 } },
  { name: 'Lagos', location: { lat: 6.52, lon: 3.38 } },
  { name: 'London', location: { lat: 51.51, lon: -0.13 } },
  { name: 'Los Angeles', location: { lat: 34.05, lon: -118.24 } },
  { name: 'Madrid', location: { lat: 40.42, lon: -3.7 } },
  { name: 'Mexico City', location: { lat: 19.43, lon: -99.13 } },
  { name: 'Mumbai', location: { lat: 19.08, lon: 72.88 } },
  { name: 'New York', location: { lat: 40.71, lon: -74.01 } },
  { name: 'Paris', location: { lat: 48.86, lon: 2.35 } },
  { name: 'São Paulo', location: { lat: -23.55, lon: -46.63 } },
  { name: 'Seoul', location: { lat: 37.57, lon: 126.98 } },
  { name: 'Sydney', location: { lat: -33.87, lon: 151.21 } },
  { name: 'Tokyo', location: { lat: 35.68, lon: 139.69 } },
  { name: 'Toronto', location: { lat: 43.65, lon: -79.38 } },
];

export const cityAt = (location: Location | null): City | undefined =>
  location
    ? cities.find((city) => city.location.lat === location.lat && city.location.lon === location.lon)
    : undefined;
