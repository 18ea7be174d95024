// First steps for an organisation with nothing set up yet.
import { Link } from './link.js';

const STEPS = [
  {
    href: '/journeys',
    title: 'Map a journey',
    text: 'Name the stages and touchpoints your customers go through.',
  },
  {
    href: '/surveys',
    title: 'Create a first survey',
    text: 'An NPS or CSAT survey, shared by link, QR code or widget.',
  },
  {
    href: '/imports',
    title: 'Import history',
    text: 'Past responses, reviews and tickets from CSV or JSON lines.',
  },
  { href: '/settings', title: 'Invite the team', text: 'Colleagues and API keys for your systems.' },
];

/** The onboarding card of an empty organisation. */
export function Onboarding() {
  return (
    <section className="card onboarding" aria-labelledby="onboarding-title" data-testid="onboarding">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="onboarding-title">
            Get started
          </h2>
          <p className="card-subtitle">Nothing is measured yet. Four steps to a first score:</p>
        </div>
      </div>
      <ol className="onboarding-steps">
        {STEPS.map((step) => (
          <li key={step.href}>
            <Link href={step.href} className="onboarding-link">
              {step.title}
            </Link>
            <span>{step.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
