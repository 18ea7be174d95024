// Contacts: placeholder until the page is written.

/** The Contacts page. */
export default function ContactsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Contacts</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
