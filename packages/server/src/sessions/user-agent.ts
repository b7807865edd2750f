// The device fields of SessionDetails read from a User-Agent header: browser, operating system and
// device type. A best-effort reading for display in account pages — never a security decision, and
// an agent we do not recognise simply leaves the fields empty ('other' for the device type).

export interface DeviceInfo {
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  /** desktop, mobile, tablet or other, as the contract names them. */
  deviceType: 'desktop' | 'mobile' | 'tablet' | 'other';
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: readonly (readonly [string, RegExp])[] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d[\d.]*)/],
  ['Opera', /\b(?:OPR|Opera)\/(\d[\d.]*)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d[\d.]*)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d[\d.]*)/],
  ['Chrome', /\b(?:Chrome|CriOS)\/(\d[\d.]*)/],
  ['Safari', /\bVersion\/(\d[\d.]*).*\bSafari\//],
];

// iPadOS 13+ reports itself as a Mac; such agents are read as macOS (indistinguishable here).
const SYSTEMS: readonly (readonly [string, RegExp])[] = [
  ['iOS', /\b(?:iPhone|iPad|iPod)\b.*? OS (\d[\d_]*)/],
  ['Android', /\bAndroid (\d[\d.]*)/],
  ['Windows', /\bWindows NT (\d[\d.]*)/],
  ['Chrome OS', /\bCrOS \S+ (\d[\d.]*)/],
  ['macOS', /\bMac OS X (\d[\d_.]*)/],
  ['Linux', /\bLinux\b/],
];

function first(agent: string, table: readonly (readonly [string, RegExp])[]): [string, string] {
  for (const [name, pattern] of table) {
    const match = pattern.exec(agent);
    if (match) return [name, (match[1] ?? '').replace(/_/g, '.')];
  }
  return ['', ''];
}

function deviceType(agent: string, os: string): DeviceInfo['deviceType'] {
  if (/\biPad\b|\bTablet\b/i.test(agent) || (os === 'Android' && !/\bMobile\b/.test(agent))) return 'tablet';
  if (/\bMobi|\biPhone\b|\biPod\b/.test(agent)) return 'mobile';
  if (['Windows', 'macOS', 'Linux', 'Chrome OS'].includes(os)) return 'desktop';
  return 'other';
}

export function readUserAgent(agent: string | null): DeviceInfo {
  if (!agent) return { browser: '', browserVersion: '', os: '', osVersion: '', deviceType: 'other' };
  const [os, osVersion] = first(agent, SYSTEMS);
  const type = deviceType(agent, os);
  let [browser, browserVersion] = first(agent, BROWSERS);
  if (browser === 'Safari' && type === 'mobile') browser = 'Mobile Safari';
  return { browser, browserVersion, os, osVersion, deviceType: type };
}
