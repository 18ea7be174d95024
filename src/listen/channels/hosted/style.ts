// The survey stylesheet, shared by the hosted page (inlined) and the widget (inside its shadow root).
// Mobile-first; colours meet WCAG 2.1 AA contrast (text 4.5:1, controls 3:1); focus is always visible.

/** CSS for the survey renderer's markup (classes `ns-*`). */
export const SURVEY_CSS = `
.ns{--a:#1d4ed8;--t:#111827;--m:#4b5563;--b:#6b7280;--e:#b91c1c;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--t);max-width:40rem;margin:0 auto;padding:1rem;box-sizing:border-box}
.ns *{box-sizing:border-box}
.ns h1{font-size:1.25rem;margin:0 0 1rem}
.ns-form{margin:0}
.ns-prog{display:flex;align-items:center;gap:.5rem;font-size:.875rem;color:var(--m);margin-bottom:1rem}
.ns-prog progress{flex:1;height:.5rem;accent-color:var(--a)}
.ns-q{border:0;margin:0 0 1rem;padding:0;min-width:0}
.ns-l{font-weight:600;font-size:1.0625rem;display:block;margin-bottom:.5rem;padding:0}
.ns-req{font-weight:400;color:var(--m);font-size:.875rem}
.ns-desc,.ns-ends{color:var(--m);font-size:.875rem;margin:0 0 .5rem}
.ns-ends{display:flex;justify-content:space-between;gap:1rem;margin-top:.25rem}
.ns-err{color:var(--e);font-weight:600;margin:0 0 .5rem}
.ns-scale{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:.25rem}
.ns-pt{position:relative;display:block}
.ns-pt input,.ns-sr{position:absolute;opacity:0;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.ns-pt span[aria-hidden],.ns-pt span:not(.ns-sr){display:flex;align-items:center;justify-content:center;min-height:2.75rem;border:1px solid var(--b);border-radius:.375rem;cursor:pointer;font-weight:600;background:#fff}
.ns-pt input:checked+span{background:var(--a);border-color:var(--a);color:#fff}
.ns-pt input:focus-visible+span{outline:3px solid var(--a);outline-offset:2px}
.ns-pt input[aria-invalid=true]+span{border-color:var(--e)}
.ns-star input:checked+span{background:#fff;color:#92400e;border-color:#92400e}
.ns-opts{display:grid;gap:.5rem}
.ns-opt{display:flex;align-items:flex-start;gap:.5rem;padding:.625rem .75rem;border:1px solid var(--b);border-radius:.375rem;cursor:pointer}
.ns-opt input{margin:.25rem 0 0;width:1.125rem;height:1.125rem;accent-color:var(--a);flex:none}
.ns-opt:focus-within{outline:3px solid var(--a);outline-offset:2px}
.ns-row,.ns-sub{border:1px solid #d1d5db;border-radius:.375rem;margin:0 0 .75rem;padding:.5rem .75rem .75rem;min-width:0}
.ns-sub{border-style:dashed;margin:.5rem 0 0}
.ns-row legend,.ns-sub legend{padding:0 .25rem;font-weight:600}
.ns-sub legend{font-weight:400;color:var(--m)}
.ns-field{margin-bottom:.75rem}
.ns-field label{display:block;margin-bottom:.25rem}
.ns input[type=text],.ns input[type=email],.ns input[type=tel],.ns textarea,.ns select{width:100%;font:inherit;padding:.625rem;border:1px solid var(--b);border-radius:.375rem;background:#fff;color:var(--t)}
.ns input:focus-visible,.ns textarea:focus-visible,.ns select:focus-visible,.ns-btn:focus-visible,.ns a:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.ns [aria-invalid=true]{border-color:var(--e)}
.ns-nav{display:flex;flex-direction:row-reverse;justify-content:space-between;gap:.5rem;margin-top:1rem}
.ns-btn{font:inherit;font-weight:600;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:.375rem;border:1px solid var(--a);cursor:pointer;text-decoration:none;display:inline-flex;align-items:center}
.ns-pri{background:var(--a);color:#fff}
.ns-sec{background:#fff;color:var(--a)}
.ns-end h2{font-size:1.25rem;margin:0 0 .5rem}
@media (min-width:40rem){.ns{padding:2rem 1rem}.ns-scale{gap:.375rem}}
@media (prefers-reduced-motion:reduce){.ns *{transition:none!important}}
`;
