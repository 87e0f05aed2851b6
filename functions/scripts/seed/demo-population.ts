import type { Gender } from '../../src/contract/profile';
import type { GeoPoint, ProfileRecord, PromptRecord } from '../../src/domain/records';

/**
 * A deterministic demo population: the same `count` people every run (same emails, names, places, tastes),
 * so seeding twice finds everyone already there. Nothing here touches a store.
 */

export interface DemoPerson {
  index: number;
  email: string;
  displayName: string;
  birthDate: string;
  gender: Gender;
  interestedIn: Gender[];
  ageMin: number;
  ageMax: number;
  maxDistanceKm: number;
  location: GeoPoint;
  city: string;
  bio: string;
  interests: string[];
  prompts: PromptRecord[];
  photoCount: number;
  /** Hours before the seeding run that this person was last active (ranks recent people first). */
  idleHours: number;
  /** Colours of the generated portraits. */
  palette: { background: [string, string]; skin: string; shirt: string };
}

/** The profile a demo person has, as the store keeps it (seed, benchmarks). */
export function demoProfileRecord(person: DemoPerson, userId: string, at: string): ProfileRecord {
  return {
    userId,
    displayName: person.displayName,
    birthDate: person.birthDate,
    gender: person.gender,
    interestedIn: person.interestedIn,
    ageMin: person.ageMin,
    ageMax: person.ageMax,
    maxDistanceKm: person.maxDistanceKm,
    location: person.location,
    bio: person.bio,
    interests: person.interests,
    prompts: person.prompts,
    createdAt: at,
    updatedAt: at,
  };
}

/** Everyone's password: demo accounts only, never on a deployment with real users. */
export const DEMO_PASSWORD = 'lab-demo-swipes-2026';
export const demoEmail = (index: number) => `demo-${String(index + 1).padStart(3, '0')}@dating.test`;

const CITIES: Array<{ name: string; centre: GeoPoint; spreadKm: number }> = [
  { name: 'Berlin', centre: { lat: 52.52, lon: 13.405 }, spreadKm: 14 },
  { name: 'Hamburg', centre: { lat: 53.5511, lon: 9.9937 }, spreadKm: 10 },
  { name: 'Munich', centre: { lat: 48.1351, lon: 11.582 }, spreadKm: 10 },
  { name: 'Vienna', centre: { lat: 48.2082, lon: 16.3738 }, spreadKm: 9 },
];

const NAMES: Record<Gender, string[]> = {
  woman: [
    'Anna',
    'Lea',
    'Mia',
    'Sofia',
    'Clara',
    'Emma',
    'Hannah',
    'Lina',
    'Marie',
    'Nora',
    'Ida',
    'Paula',
    'Zoë',
    'Amira',
    'Yuki',
    'Elif',
    'Ines',
    'Greta',
    'Jana',
    'Maja',
    'Leonie',
    'Frieda',
    'Aylin',
    'Sara',
  ],
  man: [
    'Lukas',
    'Jonas',
    'Felix',
    'Paul',
    'Leon',
    'Noah',
    'Elias',
    'Ben',
    'Emil',
    'Finn',
    'Karim',
    'Mateo',
    'Anton',
    'Oskar',
    'Jakob',
    'David',
    'Tarek',
    'Levin',
    'Milan',
    'Nico',
    'Theo',
    'Malik',
    'Jan',
    'Kenji',
  ],
  nonbinary: [
    'Alex',
    'Kim',
    'Robin',
    'Sascha',
    'Charlie',
    'Jona',
    'Luca',
    'Noa',
    'Sam',
    'Toni',
    'Ari',
    'Eden',
  ],
};

const INTERESTS = [
  'climbing',
  'coffee',
  'jazz',
  'techno',
  'hiking',
  'cooking',
  'board games',
  'cycling',
  'photography',
  'yoga',
  'running',
  'museums',
  'vinyl',
  'gardening',
  'chess',
  'poetry',
  'sailing',
  'ceramics',
  'football',
  'swimming',
  'film',
  'street food',
  'podcasts',
  'dancing',
  'volunteering',
  'travel',
  'baking',
  'karaoke',
  'tennis',
  'sci-fi',
  'thrifting',
  'wine',
  'meditation',
  'skating',
  'languages',
  'dogs',
  'cats',
];

const PROMPTS: Array<{ question: string; answers: string[] }> = [
  {
    question: 'A perfect Sunday',
    answers: [
      'Bouldering, then a very long brunch.',
      'Flea market, lake, nap.',
      'Cooking for friends until the candles burn down.',
      'Cycling somewhere with a bakery at the end.',
    ],
  },
  {
    question: 'I geek out on',
    answers: [
      'Espresso extraction times.',
      'Old maps and train timetables.',
      'Synthesizers.',
      'Houseplants nobody else can keep alive.',
      'Obscure board game rules.',
    ],
  },
  {
    question: 'My simple pleasures',
    answers: [
      'Fresh bread.',
      'The first swim of the year.',
      'Rain on a tin roof.',
      'A crossword in pen.',
      'Finding a good record for 2 euros.',
    ],
  },
  {
    question: 'Together we could',
    answers: [
      'Learn to make dumplings.',
      'Take the night train somewhere.',
      'Lose at pub quiz with dignity.',
      'Finally visit that museum.',
    ],
  },
  {
    question: 'Green flags I look for',
    answers: [
      'Kind to waiters.',
      'Asks follow-up questions.',
      'Has a favourite bakery.',
      'Laughs at their own jokes.',
    ],
  },
];

const BIO_OPENERS = [
  'New in town and curious.',
  'Born and raised here.',
  'Half nerd, half outdoors.',
  'Weekdays in spreadsheets, weekends in the mountains.',
  'Amateur cook, professional snacker.',
  'Looking for someone to explore the city with.',
  'Slow mornings, fast bikes.',
  'Bookshop regular.',
];

const SKIN = ['#f1c27d', '#e0ac69', '#c68642', '#8d5524', '#ffdbac', '#a0522d'];
const COLOURS = [
  '#264653',
  '#2a9d8f',
  '#e9c46a',
  '#f4a261',
  '#e76f51',
  '#6d597a',
  '#355070',
  '#b56576',
  '#4d908e',
  '#577590',
  '#90be6d',
  '#f9844a',
];

/** mulberry32: a tiny seeded PRNG, so every run draws the same people. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function preferences(gender: Gender, roll: number): Gender[] {
  if (gender === 'nonbinary') {
    return roll < 0.4
      ? ['woman', 'man', 'nonbinary']
      : roll < 0.7
        ? ['woman', 'nonbinary']
        : ['man', 'nonbinary'];
  }
  const other: Gender = gender === 'woman' ? 'man' : 'woman';
  if (roll < 0.72) return [other];
  if (roll < 0.84) return [gender];
  if (roll < 0.94) return ['woman', 'man'];
  return ['woman', 'man', 'nonbinary'];
}

/** `count` people, cycling through the cities; `referenceYear` fixes birth years (ages stay plausible). */
export function demoPopulation(count: number, referenceYear = 2026): DemoPerson[] {
  return Array.from({ length: count }, (_, index) => {
    const draw = random(0x5eed + index * 7919);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(draw() * list.length)] as T;
    const city = CITIES[index % CITIES.length] ?? CITIES[0];
    if (!city) throw new Error('no cities');
    const genderRoll = draw();
    const gender: Gender = genderRoll < 0.46 ? 'woman' : genderRoll < 0.92 ? 'man' : 'nonbinary';
    const age = 19 + Math.floor(draw() ** 1.4 * 37);
    const month = 1 + Math.floor(draw() * 12);
    const day = 1 + Math.floor(draw() * 28);
    // A point within the city's spread (denser towards the centre).
    const distance = city.spreadKm * Math.sqrt(draw());
    const bearing = draw() * 2 * Math.PI;
    const location = {
      lat: city.centre.lat + (distance * Math.cos(bearing)) / 111.195,
      lon:
        city.centre.lon +
        (distance * Math.sin(bearing)) / (111.195 * Math.cos((city.centre.lat * Math.PI) / 180)),
    };
    const interests = [...new Set(Array.from({ length: 2 + Math.floor(draw() * 5) }, () => pick(INTERESTS)))];
    const prompts = [...new Set(Array.from({ length: 1 + Math.floor(draw() * 3) }, () => pick(PROMPTS)))].map(
      (prompt) => ({ question: prompt.question, answer: pick(prompt.answers) }),
    );
    const name = pick(NAMES[gender]);
    // The first account is the one to log in with: open to most of Berlin, so discovery is never empty.
    if (index === 0) {
      return {
        index,
        email: demoEmail(index),
        displayName: 'Demo',
        birthDate: `${referenceYear - 31}-04-12`,
        gender: 'woman' as const,
        interestedIn: ['woman', 'man', 'nonbinary'] as Gender[],
        ageMin: 22,
        ageMax: 45,
        maxDistanceKm: 40,
        location: city.centre,
        city: city.name,
        bio: 'The demo account: swipe away.',
        interests: ['coffee', 'climbing', 'jazz', 'cooking'],
        prompts: [{ question: 'A perfect Sunday', answer: 'Bouldering, then a very long brunch.' }],
        photoCount: 2,
        idleHours: 0,
        palette: {
          background: ['#355070', '#b56576'] as [string, string],
          skin: '#e0ac69',
          shirt: '#2a9d8f',
        },
      };
    }
    return {
      index,
      email: demoEmail(index),
      displayName: name,
      birthDate: `${referenceYear - age}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      gender,
      interestedIn: preferences(gender, draw()),
      ageMin: Math.max(18, age - 2 - Math.floor(draw() * 8)),
      ageMax: Math.min(99, age + 3 + Math.floor(draw() * 12)),
      maxDistanceKm: pick([10, 15, 25, 25, 40, 60, 100]),
      location,
      city: city.name,
      bio: `${pick(BIO_OPENERS)} ${city.name}-based, into ${interests.slice(0, 2).join(' and ')}.`,
      interests,
      prompts,
      photoCount: 1 + Math.floor(draw() * 3),
      idleHours: Math.floor(draw() ** 2 * 24 * 21),
      palette: { background: [pick(COLOURS), pick(COLOURS)], skin: pick(SKIN), shirt: pick(COLOURS) },
    };
  });
}
