// All the CSS of the hosted pages, sent in the one nonce'd <style> of the layout (the CSP allows no
// other style, no inline style attributes and no external sheet). Light and dark palettes follow the
// system setting; focus is always visible.
export const HOSTED_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f4f5f7; --card: #ffffff; --text: #101828; --muted: #596273; --border: #d5d9e0;
  --field: #ffffff; --field-border: #c4cad4; --hover: #f2f4f7;
  --accent: #4f46e5; --accent-hover: #4338ca; --on-accent: #ffffff; --ring: #6366f1; --ring-soft: rgb(99 102 241 / 35%);
  --danger: #b42318; --danger-bg: #fef3f2; --danger-border: #fecdca;
  --ok: #05603a; --ok-bg: #ecfdf3; --ok-border: #abefc6;
  --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 12px 32px -8px rgb(16 24 40 / 14%);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0c0e13; --card: #161a22; --text: #eceef2; --muted: #9ba3b4; --border: #2a303c;
    --field: #10141b; --field-border: #3a4150; --hover: #1f2530;
    --accent: #8b93ff; --accent-hover: #a5abff; --on-accent: #0c0e13; --ring: #a5abff; --ring-soft: rgb(165 171 255 / 40%);
    --danger: #fda29b; --danger-bg: #2b1212; --danger-border: #5e2522;
    --ok: #75e0a7; --ok-bg: #0b2a1c; --ok-border: #175c3a;
    --shadow: 0 1px 2px rgb(0 0 0 / 40%), 0 12px 32px -8px rgb(0 0 0 / 60%);
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  -webkit-font-smoothing: antialiased;
}
.shell { min-height: 100vh; display: flex; flex-direction: column; align-items: center; justify-content: center; padding: 40px 16px; }
.brand { display: flex; align-items: center; gap: 10px; margin-bottom: 24px; font-size: 17px; font-weight: 600; max-width: 400px; overflow-wrap: anywhere; }
.brand-mark {
  flex: none; width: 34px; height: 34px; border-radius: 9px; display: grid; place-items: center;
  background: var(--accent); color: var(--on-accent); font-weight: 700; font-size: 16px;
}
.card {
  width: 100%; max-width: 400px; background: var(--card); border: 1px solid var(--border);
  border-radius: 16px; box-shadow: var(--shadow); padding: 32px;
}
h1 { margin: 0 0 4px; font-size: 22px; line-height: 1.3; font-weight: 650; letter-spacing: -0.01em; }
.lead { margin: 0 0 24px; color: var(--muted); overflow-wrap: anywhere; }
.lead strong, .message strong { color: var(--text); font-weight: 600; }
.message { margin: 12px 0 24px; color: var(--muted); overflow-wrap: anywhere; }
form { margin: 0; }
.field { margin-bottom: 18px; }
.field-row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.label-row { display: flex; align-items: baseline; justify-content: space-between; gap: 12px; margin-bottom: 6px; }
.label-row label { margin-bottom: 0; }
label { display: block; margin-bottom: 6px; font-size: 14px; font-weight: 550; }
.label-row a { font-size: 13px; }
input[type="email"], input[type="password"], input[type="text"] {
  display: block; width: 100%; height: 44px; padding: 0 12px; font: inherit; color: inherit;
  background: var(--field); border: 1px solid var(--field-border); border-radius: 9px;
  transition: border-color 0.15s, box-shadow 0.15s;
}
input:hover { border-color: var(--muted); }
input[aria-invalid="true"] { border-color: var(--danger); }
input.code { height: 52px; font-size: 24px; letter-spacing: 0.5em; text-align: center; font-variant-numeric: tabular-nums; padding-left: calc(12px + 0.5em); }
.hint { margin: 6px 0 0; font-size: 13px; color: var(--muted); }
:focus-visible { outline: 3px solid var(--ring); outline-offset: 2px; }
/* Inputs: accent border and a soft halo; the transparent outline still shows in forced-colors mode. */
input:focus-visible { outline: 2px solid transparent; border-color: var(--accent); box-shadow: 0 0 0 3px var(--ring-soft); }
.button {
  display: flex; align-items: center; justify-content: center; gap: 8px; width: 100%; min-height: 44px;
  padding: 10px 16px; border-radius: 9px; border: 1px solid transparent; font: inherit; font-weight: 600;
  line-height: 1.2; text-align: center; text-decoration: none; cursor: pointer;
  transition: background-color 0.15s, border-color 0.15s;
}
.button-primary { background: var(--accent); color: var(--on-accent); }
.button-primary:hover { background: var(--accent-hover); }
.button-secondary { background: transparent; color: var(--text); border-color: var(--field-border); }
.button-secondary:hover { background: var(--hover); }
.button-link { width: auto; min-height: 0; padding: 2px 4px; margin: 0 auto; background: none; color: var(--accent); font-weight: 550; font-size: 14px; }
.button-link:hover { text-decoration: underline; }
.stack { display: grid; gap: 10px; }
.divider { display: flex; align-items: center; gap: 12px; margin: 22px 0; color: var(--muted); font-size: 13px; }
.divider::before, .divider::after { content: ""; flex: 1; height: 1px; background: var(--border); }
.identity {
  display: flex; align-items: center; justify-content: space-between; gap: 12px; margin: 18px 0 22px;
  padding: 8px 8px 8px 14px; border: 1px solid var(--border); border-radius: 999px; font-size: 14px;
}
.identity-email { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 550; }
.identity a { flex: none; padding: 2px 8px; border-radius: 999px; font-size: 13px; }
.alert, .notice {
  margin: 0 0 18px; padding: 10px 12px; border-radius: 9px; border: 1px solid; font-size: 14px; overflow-wrap: anywhere;
}
.alert { color: var(--danger); background: var(--danger-bg); border-color: var(--danger-border); }
.notice { color: var(--ok); background: var(--ok-bg); border-color: var(--ok-border); }
a { color: var(--accent); text-decoration: none; font-weight: 550; border-radius: 4px; }
a:hover { text-decoration: underline; }
.footnote { margin: 22px 0 0; text-align: center; font-size: 14px; color: var(--muted); }
.after { margin-top: 14px; text-align: center; }
.org-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
.org-button { justify-content: flex-start; gap: 12px; text-align: left; font-weight: 550; }
.org-initial {
  flex: none; width: 30px; height: 30px; border-radius: 8px; display: grid; place-items: center;
  background: var(--hover); border: 1px solid var(--border); font-weight: 700; font-size: 14px;
}
.org-name { min-width: 0; overflow-wrap: anywhere; }
.footer { margin: 24px 0 0; font-size: 12px; color: var(--muted); }
.facts { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 6px 12px; margin: 0 0 18px; font-size: 14px; }
.facts dt { color: var(--muted); overflow-wrap: anywhere; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts-title { margin: 18px 0 8px; font-size: 15px; font-weight: 600; }
.test-summary { margin-top: 16px; }
@media (max-width: 480px) {
  .shell { justify-content: flex-start; padding: 24px 12px; }
  .card { padding: 24px 20px; border-radius: 14px; }
  .field-row { grid-template-columns: 1fr; gap: 0; }
}
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; }
}
`
  .replace(/\n\s*/g, '\n')
  .trim();
