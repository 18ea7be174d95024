// The demo organisation's people: segment, region and plan mixes, lifetime values, and names.
import type { Plan, Region, Segment } from './catalogue.js';

/** Segment mix and the attribute distributions that depend on it. */
export const SEGMENTS: readonly (readonly [Segment, number])[] = [
  ['consumer', 72],
  ['smb', 20],
  ['enterprise', 8],
];
export const REGIONS: readonly (readonly [Region, number])[] = [
  ['North', 24],
  ['South', 22],
  ['East', 18],
  ['West', 21],
  ['International', 15],
];
export const PLANS_BY_SEGMENT: Record<Segment, readonly (readonly [Plan, number])[]> = {
  consumer: [
    ['free', 55],
    ['plus', 30],
    ['premium', 15],
  ],
  smb: [
    ['free', 20],
    ['plus', 45],
    ['premium', 35],
  ],
  enterprise: [
    ['plus', 30],
    ['premium', 70],
  ],
};
/** Median lifetime value (in the shop's currency) by segment; values are log-normal around it. */
export const LTV_MEDIAN: Record<Segment, number> = { consumer: 320, smb: 3_800, enterprise: 42_000 };

// biome-ignore format: a plain list reads better packed than one name per line
export const FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Sophia', 'Grace', 'Freya',
  'Florence', 'Emily', 'Ella', 'Charlotte', 'Evie', 'Poppy', 'Sienna', 'Aria', 'Chloe', 'Zara', 'Maya',
  'Priya', 'Aisha', 'Fatima', 'Hannah', 'Sarah', 'Laura', 'Rachel', 'Emma', 'Anna', 'Julia', 'Nina',
  'Elena', 'Sofia', 'Leila', 'Amara', 'Chiara', 'Ingrid', 'Mei', 'Yuki', 'Noor', 'Rosa', 'Clara', 'Hazel',
  'Ruby', 'Alice', 'Megan', 'Kate', 'Joanna', 'Noah', 'Oliver', 'George', 'Arthur', 'Leo', 'Muhammad',
  'Harry', 'Oscar', 'Archie', 'Henry', 'Theo', 'Jack', 'Charlie', 'Freddie', 'Alfie', 'Thomas', 'James',
  'William', 'Daniel', 'David', 'Samuel', 'Joseph', 'Adam', 'Ben', 'Luke', 'Ryan', 'Omar', 'Ali', 'Ravi',
  'Arjun', 'Kwame', 'Tomasz', 'Lukas', 'Mateo', 'Diego', 'Marco', 'Pierre', 'Jonas', 'Erik', 'Kenji',
  'Wei', 'Chen', 'Hugo', 'Felix', 'Max', 'Isaac', 'Ethan', 'Lewis', 'Owen', 'Patrick', 'Simon',
] as const;

// biome-ignore format: a plain list reads better packed than one name per line
export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke',
  'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore',
  'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Scott', 'Watson',
  'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell', 'Bailey', 'Carter',
  'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan', 'Kelly', 'Begum', 'Miller', 'Cox', 'Hussain',
  'Marshall', 'Simpson', 'Price', 'Anderson', 'Adams', 'Wilkinson', 'Ali', 'Ahmed', 'Foster', 'Ellis',
  'Murphy', 'Chapman', 'Mason', 'Gray', 'Richards', 'Webb', 'Griffiths', 'Hunt', 'Palmer', 'Campbell',
  'Holmes', 'Mills', 'Rogers', 'Barnes', 'Knight', 'Matthews', 'Barker', 'Nowak', 'Rossi', 'Garcia',
  'Muller', 'Dubois', 'Nguyen', 'Kim', 'Tanaka', 'Okafor', 'Mensah',
] as const;
