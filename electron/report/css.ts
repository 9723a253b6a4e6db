// The report's stylesheet: calm and neutral like Windows Admin Center (Segoe UI, grey panels, one blue
// accent, status colours only where they carry meaning), and print rules for A4.
export const REPORT_CSS = `
:root { --text: #201f1e; --muted: #605e5c; --line: #e1dfdd; --panel: #faf9f8; --accent: #0078d4;
  --ok: #107c10; --ok-bg: #dff6dd; --warn: #8a5d00; --warn-bg: #fff4ce; --bad: #a4262c; --bad-bg: #fde7e9; --info-bg: #eff6fc; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 13px/1.5 "Segoe UI", "Segoe UI Web (West European)", -apple-system, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 48px; }
header.top { border-bottom: 1px solid var(--line); padding-bottom: 12px; margin-bottom: 16px; }
header.top .product { color: var(--muted); font-size: 12px; letter-spacing: .02em; }
h1 { font-size: 24px; font-weight: 600; margin: 2px 0 4px; }
h2 { font-size: 17px; font-weight: 600; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); break-after: avoid; }
h3 { font-size: 14px; font-weight: 600; margin: 16px 0 6px; break-after: avoid; }
p { margin: 4px 0 8px; }
.meta { color: var(--muted); font-size: 12px; }
.banner { border-left: 4px solid var(--accent); background: var(--info-bg); padding: 10px 14px; margin: 12px 0; break-inside: avoid; }
.banner.complete { border-color: var(--ok); background: var(--ok-bg); }
.banner.partial, .banner.unsupported { border-color: #c19c00; background: var(--warn-bg); }
/* The long support banner may flow onto the next page: kept whole, it left the first page a third empty. */
.banner.unsupported { break-inside: auto; }
.banner.failed, .banner.rolledBack { border-color: var(--bad); background: var(--bad-bg); }
.banner strong { display: block; font-size: 15px; }
/* A lab report must not pass for production: a dark, full-width banner first, and no production green. */
.banner.lab { border: 3px solid #5c2d91; border-left-width: 10px; background: #f4effa; color: #32145a; padding: 12px 16px; }
.banner.lab strong { font-size: 20px; letter-spacing: .03em; }
.banner.complete.lab-run { border-color: #5c2d91; background: #f4effa; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); background: var(--panel); }
tr, table.diff tbody { break-inside: avoid; }
table.kv th { width: 30%; background: none; }
.pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 11px; font-weight: 600; white-space: nowrap; background: #edebe9; color: var(--muted); }
.pill.pass, .pill.done, .pill.Success, .pill.complete { background: var(--ok-bg); color: var(--ok); }
.pill.warn, .pill.skipped, .pill.partial, .pill.running { background: var(--warn-bg); color: var(--warn); }
.pill.fail, .pill.failed, .pill.Failure, .pill.rolledBack { background: var(--bad-bg); color: var(--bad); }
.card { border: 1px solid var(--line); border-radius: 4px; padding: 10px 14px; margin: 10px 0; background: #fff; }
.card > h3:first-child { margin-top: 0; }
.step-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.step-head h3 { margin: 0; }
pre, code { font-family: "Cascadia Mono", Consolas, "Courier New", monospace; font-size: 11px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 3px; padding: 8px 10px; white-space: pre-wrap; word-break: break-word; overflow-wrap: anywhere; margin: 4px 0 8px; }
.command { border-top: 1px solid var(--line); padding: 6px 0; break-inside: avoid-page; }
.command .label { font-weight: 600; }
.error { color: var(--bad); }
.diff .op-add { color: var(--ok); } .diff .op-remove { color: var(--bad); } .diff .op-change { color: #8a5d00; }
.diff td.sign { width: 1.5em; font-family: Consolas, monospace; font-weight: 700; }
.diff tr.object td { background: var(--panel); font-weight: 600; }
svg.timeline { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; background: #fff; break-inside: avoid; }
.legend { font-size: 11px; color: var(--muted); }
a { color: var(--accent); }
.summary { break-after: auto; }
.summary table.kv th { width: 28%; }
.banner p { margin: 4px 0; }
.banner ul.links { margin: 6px 0 0; padding-left: 18px; font-size: 12px; }
ul.effects { margin: 4px 0 10px; padding-left: 20px; }
ul.effects.undone li { color: var(--muted); }
nav.toc ol { columns: 2; margin: 4px 0 0; padding-left: 22px; }
nav.toc { break-inside: avoid; }
details.command { border-top: 1px solid var(--line); padding: 4px 0; }
details.command summary { cursor: pointer; }
pre.data { background: #fff; }
section.appendix { font-size: 12px; }
.notice { break-inside: avoid; }
section { break-before: auto; }
section.page { break-before: page; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 18px; }
  a { color: inherit; text-decoration: none; }
  /* Paper cannot follow a link: print the address of every outside one. */
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 9px; color: var(--muted); overflow-wrap: anywhere; }
  /* No disclosure triangles on paper. */
  details > summary { list-style: none; }
  details > summary::-webkit-details-marker, details > summary::marker { display: none; content: ""; }
}
`;
