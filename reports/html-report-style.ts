/** The stylesheet inlined into index.html: system fonts only, no url(), no @import. */
export const htmlReportStyle = `
:root {
  --text: #1f2328; --muted: #59636e; --border: #d1d9e0; --border-soft: #e6eaef;
  --page: #f6f8fa; --card: #ffffff; --code-bg: #f6f8fa; --accent: #0969da;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --warn: #9a6700; --warn-bg: #fff8c5; --info: #0969da; --info-bg: #ddf4ff;
  --skip: #59636e; --skip-bg: #eff2f5;
  --sans: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, "Liberation Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--text); font: 14px/1.5 var(--sans); }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
code { background: var(--code-bg); border: 1px solid var(--border-soft); border-radius: 4px; padding: 0 4px; }
h1, h2, h3, h4, h5 { margin: 0; line-height: 1.25; }
h2 { font-size: 18px; font-weight: 600; }
h3 { font-size: 15px; font-weight: 600; }
h4, h5 { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-bottom: 6px; }
.muted { color: var(--muted); }
.wrap { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
.topbar { background: #1f2328; color: #f0f3f6; }
.topbar .wrap { display: flex; align-items: center; justify-content: space-between; height: 48px; }
.brand { font-weight: 600; letter-spacing: .01em; }
.brand span { font-weight: 400; color: #9198a1; margin-left: 8px; }
.topbar .when { color: #9198a1; font-size: 13px; }
main.wrap { padding-top: 24px; padding-bottom: 48px; }
main > section + section { margin-top: 24px; }
.panel { background: var(--card); border: 1px solid var(--border); border-radius: 10px; }

/* Verdict */
.verdict { display: grid; grid-template-columns: minmax(260px, 320px) 1fr; overflow: hidden; }
.verdict-badge { padding: 28px 28px 24px; color: #fff; display: flex; flex-direction: column; justify-content: center; gap: 6px; }
.verdict-pass .verdict-badge { background: linear-gradient(135deg, #1f883d, #1a7f37); }
.verdict-fail .verdict-badge { background: linear-gradient(135deg, #d1242f, #a40e26); }
.verdict-incomplete .verdict-badge { background: linear-gradient(135deg, #bf8700, #9a6700); }
.verdict-label { font-size: 12px; text-transform: uppercase; letter-spacing: .12em; opacity: .85; font-weight: 600; }
.verdict-word { font-size: 56px; line-height: 1; font-weight: 800; letter-spacing: .04em; }
.verdict-why { font-size: 15px; font-weight: 500; }
.target { margin: 0; padding: 22px 28px; display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 14px 28px; align-content: center; }
.target div { min-width: 0; }
.target dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
.target dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.target .wide { grid-column: 1 / -1; }

/* Counts */
.counts { display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; }
.count { padding: 14px 16px; border-left-width: 4px; text-align: left; cursor: pointer; font: inherit; color: inherit; }
.count:hover { background: #f6f8fa; }
.count[aria-pressed="true"] { box-shadow: 0 0 0 2px var(--accent); }
.count .n { display: block; font-size: 28px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.count .l { color: var(--muted); font-size: 13px; }
.count-total { border-left-color: #8c959f; }
.count-pass { border-left-color: var(--pass); } .count-pass .n { color: var(--pass); }
.count-fail { border-left-color: var(--fail); } .count-fail .n { color: var(--fail); }
.count-warn { border-left-color: #d4a72c; } .count-warn .n { color: var(--warn); }
.count-skip { border-left-color: #afb8c1; } .count-skip .n { color: var(--skip); }
.count-info { border-left-color: var(--info); } .count-info .n { color: var(--info); }
.note { margin: 12px 0 0; padding: 10px 14px; border-radius: 8px; background: var(--warn-bg); border: 1px solid #eed888; color: #4d3800; }

/* Rules */
.section-head { display: flex; align-items: baseline; justify-content: space-between; gap: 12px; margin-bottom: 12px; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; padding: 12px 16px; border-bottom: 1px solid var(--border); }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.filters legend { float: left; margin-right: 6px; font-size: 12px; color: var(--muted); font-weight: 600; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px 3px 8px; border: 1px solid var(--border); border-radius: 999px; cursor: pointer; user-select: none; background: #fff; font-size: 13px; }
.chip input { margin: 0; accent-color: var(--accent); }
.chip .chip-n { color: var(--muted); font-variant-numeric: tabular-nums; }
.chip:has(input:not(:checked)) { opacity: .55; }
.filters label.select { font-size: 12px; color: var(--muted); font-weight: 600; display: inline-flex; gap: 6px; align-items: center; }
select, input[type="search"], button { font: inherit; font-size: 13px; color: var(--text); }
select, input[type="search"] { border: 1px solid var(--border); border-radius: 6px; padding: 4px 8px; background: #fff; }
input[type="search"] { width: 220px; }
.filters .spacer { flex: 1; }
button.btn { border: 1px solid var(--border); background: #f6f8fa; border-radius: 6px; padding: 4px 10px; cursor: pointer; }
button.btn:hover { background: #eef1f4; }
table.rules { width: 100%; border-collapse: collapse; }
.rules th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; padding: 8px 12px; background: #f6f8fa; border-bottom: 1px solid var(--border); }
.rules td { padding: 10px 12px; border-bottom: 1px solid var(--border-soft); vertical-align: top; }
.rules tr.rule { cursor: pointer; }
.rules tr.rule:hover td { background: #f6f8fa; }
.rules tr.rule.open td { background: #f3f6fa; border-bottom-color: transparent; }
.rules .num { text-align: right; white-space: nowrap; color: var(--muted); font-variant-numeric: tabular-nums; }
.rules col.c-status { width: 118px; } .rules col.c-rule { width: 170px; } .rules col.c-level { width: 86px; } .rules col.c-time { width: 80px; }
.toggle { border: 0; background: none; padding: 0; cursor: pointer; font-family: var(--mono); font-size: 13px; font-weight: 600; color: var(--text); display: inline-flex; align-items: center; gap: 6px; }
.toggle { scroll-margin-top: 24px; }
.toggle::before { content: ""; width: 0; height: 0; border-left: 5px solid var(--muted); border-top: 4px solid transparent; border-bottom: 4px solid transparent; transition: transform .12s; }
.toggle[aria-expanded="true"]::before { transform: rotate(90deg); }
.group { font-size: 12px; color: var(--muted); margin-left: 11px; }
.rule-title { font-size: 12.5px; margin-left: 11px; overflow-wrap: anywhere; }
.permalink { border: 0; background: none; padding: 0 4px; margin-left: 2px; cursor: pointer; color: var(--muted); opacity: 0; font-size: 13px; }
tr.rule:hover .permalink, .permalink:focus { opacity: 1; }
.permalink:hover { color: var(--accent); }
.docs ul { margin: 0; padding-left: 18px; }
.docs a { color: var(--accent); overflow-wrap: anywhere; }
.curl-note { margin: 0; padding: 8px 12px; border-radius: 8px; background: var(--info-bg); border: 1px solid #b6e3ff; overflow-wrap: anywhere; }
.result-msg { overflow-wrap: anywhere; }
.result-check { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge-pass { color: var(--pass); background: var(--pass-bg); border-color: #aceebb; }
.badge-fail { color: var(--fail); background: var(--fail-bg); border-color: #ffcecb; }
.badge-should { color: #bc4c00; background: #fff1e5; border-color: #ffd8b5; }
.badge-warn { color: var(--warn); background: var(--warn-bg); border-color: #eed888; }
.badge-info { color: var(--info); background: var(--info-bg); border-color: #b6e3ff; }
.badge-skip { color: var(--skip); background: var(--skip-bg); border-color: var(--border); }
.level { font-family: var(--mono); font-size: 12px; font-weight: 600; }
.level-MUST { color: var(--text); } .level-SHOULD { color: #6e7781; } .level-INFO { color: #8c959f; }
.js tr.detail { display: none; }
.js tr.detail.open:not([hidden]) { display: table-row; }
.js tr.rule[hidden] { display: none; }
tr.detail > td { background: #fbfcfd; padding: 8px 16px 20px 40px; border-bottom: 1px solid var(--border); }
.detail-body > * + * { margin-top: 14px; }
.check-text { color: var(--muted); }
.ea { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.ea > div { border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; background: #fff; overflow-wrap: anywhere; }
.ea .exp { border-left: 3px solid var(--pass); } .ea .act { border-left: 3px solid var(--fail); }
.warnings { margin: 0; padding: 8px 12px 8px 30px; background: var(--warn-bg); border: 1px solid #eed888; border-radius: 8px; }
.empty { padding: 24px; text-align: center; color: var(--muted); margin: 0; }

/* Evidence */
.ev { border: 1px solid var(--border); border-radius: 8px; background: #fff; padding: 10px 12px; }
.ev + .ev { margin-top: 10px; }
.ev-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 8px; }
.ev-kind { font-size: 11px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; color: #fff; background: #6e7781; border-radius: 4px; padding: 1px 6px; }
.ev-http .ev-kind { background: #8250df; } .ev-ums .ev-kind { background: #0969da; } .ev-escalation .ev-kind { background: #bc4c00; } .ev-note .ev-kind { background: #6e7781; }
.method { font-family: var(--mono); font-weight: 700; }
.url { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
.http-status { font-family: var(--mono); font-weight: 700; padding: 0 6px; border-radius: 4px; }
.http-ok { color: var(--pass); background: var(--pass-bg); } .http-redirect { color: var(--info); background: var(--info-bg); }
.http-client { color: #bc4c00; background: #fff1e5; } .http-server { color: var(--fail); background: var(--fail-bg); }
.ev-error { color: var(--fail); font-weight: 600; margin-bottom: 8px; }
.ev-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.ev-grid section { min-width: 0; }
pre.code { margin: 0; padding: 10px 12px; background: var(--code-bg); border: 1px solid var(--border-soft); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 360px; overflow: auto; line-height: 1.45; }
.h-name { color: #8250df; }
.trunc { color: var(--warn); font-style: italic; }
.curl { margin-top: 10px; }
.curl-head { display: flex; align-items: center; justify-content: space-between; }
.curl pre.code { background: #1f2328; color: #e6edf3; border-color: #1f2328; }
button.copy { border: 1px solid var(--border); background: #fff; border-radius: 6px; padding: 1px 10px; font-size: 12px; cursor: pointer; margin-bottom: 6px; }
button.copy.done { color: var(--pass); border-color: #aceebb; }

/* Conversations */
.conversations-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 16px; align-items: start; }
.conversation { padding: 0; overflow: hidden; display: flex; flex-direction: column; }
.conv-head { padding: 12px 16px; border-bottom: 1px solid var(--border); background: #fbfcfd; }
.conv-head code { font-size: 12px; }
.conv-meta { margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 6px; }
.conv-meta span { font-size: 12px; color: var(--muted); background: #eff2f5; border-radius: 999px; padding: 0 8px; }
.chat { list-style: none; margin: 0; padding: 16px; display: flex; flex-direction: column; gap: 10px; flex: 1; }
.line { text-align: center; font-size: 12px; color: var(--muted); }
.line span { background: #eff2f5; border-radius: 999px; padding: 2px 12px; display: inline-block; }
.line-alert span { background: var(--fail-bg); color: var(--fail); }
.msg { display: flex; flex-direction: column; max-width: 78%; }
.msg-left { align-self: flex-start; align-items: flex-start; }
.msg-right { align-self: flex-end; align-items: flex-end; }
.who { font-size: 11.5px; color: var(--muted); margin: 0 4px 3px; display: flex; gap: 6px; align-items: center; }
.tag { border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; font-size: 11px; }
.bubble { padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg-left .bubble { background: #eff2f5; border-bottom-left-radius: 4px; }
.msg-right .bubble { background: #0969da; color: #fff; border-bottom-right-radius: 4px; }
.msg-private .bubble { background: #fff8c5; color: var(--text); border: 1px dashed #d4a72c; }
.msg .bubble-card, .msg .bubble-file { background: #fff; color: var(--text); border: 1px solid var(--border); padding: 0; white-space: normal; min-width: 220px; overflow: hidden; }
.bubble-file { padding: 10px 12px !important; display: flex; flex-direction: column; gap: 2px; }
.file-label { font-weight: 600; }
.file-preview { max-width: 200px; border-radius: 6px; }
.sc-vertical { display: flex; flex-direction: column; }
.sc-horizontal { display: flex; gap: 8px; }
.sc-horizontal > * { flex: 1; }
.sc-carousel { display: flex; gap: 8px; overflow-x: auto; padding: 8px; }
.sc-card { border: 1px solid var(--border); border-radius: 10px; min-width: 200px; overflow: hidden; }
.sc-text { margin: 0; padding: 8px 12px 2px; }
.sc-bold { font-weight: 700; } .sc-italic { font-style: italic; }
.sc-image { display: block; max-width: 100%; }
.sc-image-placeholder { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 2px; min-height: 96px; padding: 10px; background: repeating-linear-gradient(45deg, #f3f5f7, #f3f5f7 8px, #eceff2 8px, #eceff2 16px); color: var(--muted); text-align: center; }
.sc-image-label { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .08em; }
.sc-url { font-family: var(--mono); font-size: 11px; overflow-wrap: anywhere; color: var(--muted); }
.sc-caption { font-size: 12px; }
.sc-button { display: block; margin: 8px 12px 0; padding: 6px 10px; text-align: center; border: 1px solid var(--accent); color: var(--accent); border-radius: 8px; font-weight: 600; font-size: 13px; }
.sc-vertical > .sc-button:last-child, .sc > .sc-button:last-child { margin-bottom: 10px; }
.sc-vertical > .sc-text:last-child { padding-bottom: 10px; }
.sc-map, .sc-other { padding: 8px 12px; color: var(--muted); font-size: 12.5px; }
.qr-row { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; justify-content: flex-end; }
.msg-left .qr-row { justify-content: flex-start; }
.qr { border: 1px solid var(--accent); color: var(--accent); background: #fff; border-radius: 999px; padding: 2px 12px; font-size: 13px; font-weight: 500; }
.conv-hidden { margin: 0; padding: 0 16px 10px; font-size: 12px; }
.conv-errors { margin: 0 16px 12px; padding: 10px 12px; border: 1px solid #ffcecb; background: var(--fail-bg); border-radius: 8px; }
.conv-errors ul { margin: 0; padding-left: 18px; }
details.raw { border-top: 1px solid var(--border); }
details.raw summary { cursor: pointer; padding: 10px 16px; color: var(--accent); font-size: 13px; }
details.raw pre { margin: 0 16px 16px; padding: 10px 12px; background: var(--code-bg); border: 1px solid var(--border-soft); border-radius: 6px; max-height: 360px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.offscreen { position: fixed; left: -9999px; top: 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; text-align: center; }

@media (max-width: 900px) {
  .verdict { grid-template-columns: 1fr; }
  .counts { grid-template-columns: repeat(3, 1fr); }
  .ea, .ev-grid { grid-template-columns: 1fr; }
  .conversations-grid { grid-template-columns: 1fr; }
}
@media print {
  body { background: #fff; }
  .filters, button.copy, .permalink { display: none; }
  .js tr.detail { display: table-row; }
  pre.code, details.raw pre { max-height: none; }
}
.load-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 10px; margin-bottom: 10px; }
.load-figure { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; }
.load-figure .n { display: block; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.load-figure .l { color: var(--muted); font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
.charts figure { margin: 0; background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 8px; }
.chart { width: 100%; height: auto; display: block; }
.chart-tick { font-size: 11px; fill: var(--muted); }
.chart-legend { font-size: 12px; font-weight: 600; }
`;
