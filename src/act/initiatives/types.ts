// The shapes of initiatives, their milestones and notes, as stored and as the API shows them.

/** Metrics an initiative can target (feedback measures). */
export type InitiativeMetric = 'nps' | 'csat' | 'ces' | 'rating' | 'theme_share' | 'recovery_rate';
/** Where an initiative stands. */
export type InitiativeStatus = 'planned' | 'running' | 'done' | 'stopped';

/** A milestone of an initiative. */
export interface Milestone {
  id: string;
  title: string;
  dueOn: string | null;
  doneAt: Date | null;
  createdAt: Date;
}

/** A note on an initiative. */
export interface Note {
  id: string;
  authorId: string | null;
  body: string;
  createdAt: Date;
}

/** An initiative as stored; dates are YYYY-MM-DD. */
export interface Initiative {
  id: string;
  title: string;
  ownerId: string | null;
  teamId: string | null;
  hypothesis: string;
  metric: InitiativeMetric;
  touchpointIds: string[];
  controlTouchpointIds: string[];
  themes: string[];
  status: InitiativeStatus;
  startedAt: string;
  endedAt: string | null;
  interval: 'week' | 'month';
  minimumEffect: number | null;
  /** What it cost, as its owner entered it: integer minor units (text) and the currency; both or neither. */
  costMinor: string | null;
  costCurrency: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns written on create and update. */
export type InitiativeFields = Omit<Initiative, 'id' | 'createdAt' | 'updatedAt'>;
