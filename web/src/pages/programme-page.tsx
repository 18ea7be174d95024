// Programme: placeholder until the page is written.

/** The Programme page. */
export default function ProgrammePage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Programme</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
