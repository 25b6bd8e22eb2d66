/** The page's look, in one small sheet: system fonts, no downloads. */
export const styles = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f4f5f7; }
header { display: flex; gap: 16px; align-items: baseline; padding: 10px 16px; background: #1b1f24; color: #fff; }
header h1 { font-size: 18px; margin: 0; }
header .muted { color: #aab; }
main { padding: 12px 16px; display: grid; gap: 12px; }
.row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
.panel { background: #fff; border-radius: 8px; padding: 10px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.08); overflow: auto; }
h2 { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .05em; color: #555; }
table.services { border-collapse: collapse; width: 100%; }
.services th { text-align: left; font-weight: 600; color: #555; border-bottom: 1px solid #ddd; padding: 4px 8px; }
.services td { border-bottom: 1px solid #eee; padding: 4px 8px; vertical-align: middle; }
.services tr.selected td { background: #eef3fd; }
.services tr { cursor: pointer; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 8px; }
.mono, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.buttons button { margin-right: 4px; }
button { font: inherit; font-size: 12px; padding: 2px 8px; border-radius: 4px; border: 1px solid #bbb; background: #fafafa; cursor: pointer; }
button:disabled { cursor: default; opacity: .45; }
.spark { display: inline-flex; align-items: center; gap: 4px; margin-right: 10px; }
.spark-value { font-size: 12px; color: #444; min-width: 80px; }
.muted { color: #777; }
.live { color: #7fd88f; } .offline { color: #f0b35a; }
.problem { background: #fde8e8; color: #8a1f1f; padding: 6px 16px; margin: 0; }
.actions details { margin-bottom: 6px; } .actions pre { margin: 4px 0 0; white-space: pre-wrap; max-height: 160px; overflow: auto; }
.actions .failed summary { color: #b02a2a; } .actions .done summary { color: #2e7d43; }
.logs-bar { display: flex; gap: 12px; align-items: center; margin-bottom: 6px; }
.log-lines { margin: 0; height: 260px; overflow: auto; background: #14171c; color: #d8dde5; padding: 8px; border-radius: 6px; }
.log-lines .stderr { color: #f3a0a0; }
mark { background: #f5d565; color: #000; }
img.timeline { max-width: 100%; }
`;
