// AAPOR rates from invitation counts, one definition for every view of them.
import { responseRateRr1, responseRateRr2 } from '../stats/index.js';

/** Invitations of a group by disposition (see invitationDisposition). */
export interface InvitationCounts {
  /** I: responded. */
  complete: number;
  /** P: personal link started, not completed. */
  partial: number;
  /** R + NC: sent or opened, no response. */
  nonResponse: number;
  /** UO: bounced or failed. */
  unknown: number;
  /** O: kept from being invited by a frequency rule, an opt-out or a missing address. */
  suppressed: number;
}

/**
 * RR1 and RR2 with the suppressed contacts as other eligible non-interviews (O), so suppressing likely
 * non-responders cannot raise the rate; `rr1Contacted` leaves them out (the rate among those asked).
 */
export function invitationRates(c: InvitationCounts): {
  rr1: number | null;
  rr2: number | null;
  rr1Contacted: number | null;
} {
  const d = {
    complete: c.complete,
    partial: c.partial,
    nonContact: c.nonResponse,
    other: c.suppressed,
    unknownOther: c.unknown,
  };
  return {
    rr1: responseRateRr1(d),
    rr2: responseRateRr2(d),
    rr1Contacted: responseRateRr1({ ...d, other: 0 }),
  };
}
