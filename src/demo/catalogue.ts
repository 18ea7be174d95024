// The demo organisation's fixed shape: an online retailer's journey, touchpoints, surveys and people.

/** A comment theme; each touchpoint draws its comments from a weighted mix of these. */
export type Theme = 'delivery' | 'staff' | 'price' | 'website' | 'waiting' | 'quality' | 'billing';

/** Customer segment, region and plan: the contact attributes analytics slices on. */
export type Segment = 'consumer' | 'smb' | 'enterprise';
export type Region = 'North' | 'South' | 'East' | 'West' | 'International';
export type Plan = 'free' | 'plus' | 'premium';
export type Channel = 'web' | 'email' | 'app' | 'phone' | 'chat';

export const JOURNEY = {
  name: 'Online shopping',
  description: 'From finding a product to renewing a membership: the end-to-end online retail journey.',
} as const;

export const STAGES = ['discover', 'buy', 'deliver', 'support', 'renew'] as const;
export type StageName = (typeof STAGES)[number];

export interface TouchpointSpec {
  key: string;
  name: string;
  stage: StageName;
  channel: Channel;
  description: string;
  /** Shift of the latent satisfaction for every answer collected here (0 = the base distributions). */
  quality: number;
  /** Support touchpoints carry the enterprise gap. */
  support: boolean;
  themes: readonly (readonly [Theme, number])[];
}

export const TOUCHPOINTS: readonly TouchpointSpec[] = [
  {
    key: 'search',
    name: 'Website search',
    stage: 'discover',
    channel: 'web',
    description: 'Search box and result pages on the website.',
    quality: -0.1,
    support: false,
    themes: [
      ['website', 6],
      ['quality', 1],
      ['price', 1],
    ],
  },
  {
    key: 'product_page',
    name: 'Product page',
    stage: 'discover',
    channel: 'web',
    description: 'Product details, photos, sizes and reviews.',
    quality: 0.1,
    support: false,
    themes: [
      ['website', 4],
      ['quality', 3],
      ['price', 2],
    ],
  },
  {
    key: 'app',
    name: 'Mobile app',
    stage: 'discover',
    channel: 'app',
    description: 'Browsing and buying in the iOS and Android app.',
    quality: 0.05,
    support: false,
    themes: [
      ['website', 6],
      ['price', 1],
      ['delivery', 1],
    ],
  },
  {
    key: 'checkout',
    name: 'Checkout',
    stage: 'buy',
    channel: 'web',
    description: 'Basket, address and delivery options.',
    quality: 0.1,
    support: false,
    themes: [
      ['website', 5],
      ['price', 2],
      ['billing', 2],
    ],
  },
  {
    key: 'payment',
    name: 'Payment',
    stage: 'buy',
    channel: 'web',
    description: 'Card, wallet and pay-later payment step.',
    quality: 0,
    support: false,
    themes: [
      ['billing', 4],
      ['website', 3],
    ],
  },
  {
    key: 'order_email',
    name: 'Order confirmation email',
    stage: 'buy',
    channel: 'email',
    description: 'The email sent when an order is placed.',
    quality: 0.25,
    support: false,
    themes: [
      ['billing', 2],
      ['website', 2],
      ['delivery', 2],
    ],
  },
  {
    key: 'delivery',
    name: 'Delivery',
    stage: 'deliver',
    channel: 'email',
    description: 'Parcel delivery by our carrier partners; surveyed by email the day after.',
    quality: 0.08,
    support: false,
    themes: [
      ['delivery', 6],
      ['waiting', 2],
      ['quality', 2],
      ['staff', 1],
    ],
  },
  {
    key: 'tracking',
    name: 'Delivery tracking',
    stage: 'deliver',
    channel: 'app',
    description: 'Order tracking page and push notifications.',
    quality: 0,
    support: false,
    themes: [
      ['delivery', 4],
      ['website', 3],
    ],
  },
  {
    key: 'returns',
    name: 'Returns',
    stage: 'deliver',
    channel: 'web',
    description: 'Online returns portal and refunds.',
    quality: -0.1,
    support: false,
    themes: [
      ['billing', 3],
      ['waiting', 3],
      ['website', 2],
      ['quality', 1],
    ],
  },
  {
    key: 'live_chat',
    name: 'Live chat',
    stage: 'support',
    channel: 'chat',
    description: 'Chat with the customer service team on the website and in the app.',
    quality: 0,
    support: true,
    themes: [
      ['staff', 5],
      ['waiting', 3],
      ['billing', 1],
      ['delivery', 1],
    ],
  },
  {
    key: 'phone',
    name: 'Phone support',
    stage: 'support',
    channel: 'phone',
    description: 'The customer service phone line, with an automated survey after the call.',
    quality: -0.1,
    support: true,
    themes: [
      ['staff', 5],
      ['waiting', 4],
      ['billing', 2],
    ],
  },
  {
    key: 'help_centre',
    name: 'Help centre',
    stage: 'support',
    channel: 'web',
    description: 'Self-service help articles and contact forms.',
    quality: -0.15,
    support: true,
    themes: [
      ['website', 5],
      ['waiting', 2],
      ['billing', 1],
    ],
  },
  {
    key: 'renewal',
    name: 'Subscription renewal',
    stage: 'renew',
    channel: 'email',
    description: 'Yearly renewal of Plus and Premium memberships; the relationship survey goes out here.',
    quality: 0,
    support: false,
    themes: [
      ['price', 4],
      ['quality', 3],
      ['delivery', 2],
      ['staff', 1],
      ['website', 1],
    ],
  },
  {
    key: 'loyalty',
    name: 'Loyalty programme',
    stage: 'renew',
    channel: 'app',
    description: 'Points, member prices and rewards.',
    quality: 0.1,
    support: false,
    themes: [
      ['price', 4],
      ['billing', 1],
      ['website', 1],
    ],
  },
];

/** A question in the minimal survey-definition format (schemaVersion 1). */
export type QuestionSpec =
  | { id: string; type: 'nps' | 'csat' | 'ces' | 'text'; text: string; required: boolean }
  | { id: string; type: 'rating'; text: string; required: boolean; scale: number }
  | {
      id: string;
      type: 'single_choice' | 'multiple_choice';
      text: string;
      required: boolean;
      choices: readonly { id: string; label: string }[];
    };

export interface SurveySpec {
  key: string;
  name: string;
  touchpoint: string;
  /** Share of all demo responses that this survey receives. */
  share: number;
  questions: readonly QuestionSpec[];
}

const RECOMMEND = 'How likely are you to recommend Northstar Retail to a friend or colleague?';
const COMMENT: QuestionSpec = {
  id: 'comment',
  type: 'text',
  text: 'Is there anything you would like to tell us?',
  required: false,
};
const RESOLVED: QuestionSpec = {
  id: 'resolved',
  type: 'single_choice',
  text: 'Was your issue resolved?',
  required: true,
  choices: [
    { id: 'yes', label: 'Yes' },
    { id: 'partly', label: 'Partly' },
    { id: 'no', label: 'No' },
  ],
};

export const SURVEYS: readonly SurveySpec[] = [
  {
    key: 'relationship_nps',
    name: 'Relationship NPS',
    touchpoint: 'renewal',
    share: 16,
    questions: [
      { id: 'nps', type: 'nps', text: RECOMMEND, required: true },
      { id: 'reason', type: 'text', text: 'What is the main reason for your score?', required: false },
      {
        id: 'improve',
        type: 'multiple_choice',
        text: 'What should we improve first?',
        required: false,
        choices: [
          { id: 'delivery', label: 'Delivery speed' },
          { id: 'price', label: 'Prices' },
          { id: 'range', label: 'Product range' },
          { id: 'service', label: 'Customer service' },
          { id: 'digital', label: 'Website and app' },
        ],
      },
    ],
  },
  {
    key: 'delivery',
    name: 'Delivery survey',
    touchpoint: 'delivery',
    share: 18,
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied were you with the delivery of your order?',
        required: true,
      },
      { id: 'nps', type: 'nps', text: RECOMMEND, required: true },
      {
        id: 'on_time',
        type: 'single_choice',
        text: 'Did your order arrive on time?',
        required: true,
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'late', label: 'No, it was late' },
          { id: 'missing', label: 'It has not arrived' },
        ],
      },
      COMMENT,
    ],
  },
  {
    key: 'checkout',
    name: 'Checkout effort',
    touchpoint: 'checkout',
    share: 11,
    questions: [
      { id: 'ces', type: 'ces', text: 'How easy was it to complete your purchase?', required: true },
      COMMENT,
    ],
  },
  {
    key: 'order_email',
    name: 'Purchase experience',
    touchpoint: 'order_email',
    share: 5,
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied are you with your purchase experience?',
        required: true,
      },
      COMMENT,
    ],
  },
  {
    key: 'live_chat',
    name: 'Live chat satisfaction',
    touchpoint: 'live_chat',
    share: 8,
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied were you with the help you received?',
        required: true,
      },
      { id: 'ces', type: 'ces', text: 'How easy was it to get your issue sorted?', required: true },
      RESOLVED,
      COMMENT,
    ],
  },
  {
    key: 'phone',
    name: 'Phone support satisfaction',
    touchpoint: 'phone',
    share: 6,
    questions: [
      { id: 'csat', type: 'csat', text: 'How satisfied were you with your call?', required: true },
      { id: 'ces', type: 'ces', text: 'How easy was it to get your issue sorted?', required: true },
      RESOLVED,
      COMMENT,
    ],
  },
  {
    key: 'help_centre',
    name: 'Help centre feedback',
    touchpoint: 'help_centre',
    share: 6,
    questions: [
      { id: 'ces', type: 'ces', text: 'How easy was it to find the answer you needed?', required: true },
      {
        id: 'found',
        type: 'single_choice',
        text: 'Did you find what you were looking for?',
        required: true,
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No' },
        ],
      },
      COMMENT,
    ],
  },
  {
    key: 'product_page',
    name: 'Product page feedback',
    touchpoint: 'product_page',
    share: 8,
    questions: [
      {
        id: 'rating',
        type: 'rating',
        text: 'How helpful was the product information?',
        required: true,
        scale: 5,
      },
      COMMENT,
    ],
  },
  {
    key: 'returns',
    name: 'Returns experience',
    touchpoint: 'returns',
    share: 5,
    questions: [
      { id: 'csat', type: 'csat', text: 'How satisfied were you with your return?', required: true },
      { id: 'ces', type: 'ces', text: 'How easy was it to return your item?', required: true },
      COMMENT,
    ],
  },
  {
    key: 'app',
    name: 'App feedback',
    touchpoint: 'app',
    share: 8,
    questions: [
      {
        id: 'nps',
        type: 'nps',
        text: 'How likely are you to recommend our app to a friend?',
        required: true,
      },
      { id: 'rating', type: 'rating', text: 'How would you rate the app?', required: false, scale: 5 },
      COMMENT,
    ],
  },
  {
    key: 'search',
    name: 'Search feedback',
    touchpoint: 'search',
    share: 5,
    questions: [
      { id: 'csat', type: 'csat', text: 'How satisfied are you with the search results?', required: true },
      {
        id: 'found',
        type: 'single_choice',
        text: 'Did you find what you were looking for?',
        required: true,
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'partly', label: 'Partly' },
          { id: 'no', label: 'No' },
        ],
      },
      COMMENT,
    ],
  },
  {
    key: 'loyalty',
    name: 'Loyalty programme survey',
    touchpoint: 'loyalty',
    share: 4,
    questions: [
      {
        id: 'rating',
        type: 'rating',
        text: 'How would you rate our loyalty programme?',
        required: true,
        scale: 5,
      },
      {
        id: 'benefits',
        type: 'multiple_choice',
        text: 'Which benefits have you used?',
        required: false,
        choices: [
          { id: 'points', label: 'Points on purchases' },
          { id: 'member_prices', label: 'Member prices' },
          { id: 'free_delivery', label: 'Free delivery' },
          { id: 'early_access', label: 'Early access to sales' },
        ],
      },
      COMMENT,
    ],
  },
];

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
