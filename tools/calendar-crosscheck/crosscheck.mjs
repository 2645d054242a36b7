// Second-source check of the official calendar: every year file in the domain project is
// compared day by day with the chinese-days package (pinned in package.json), so a typo in a
// transcription of a State Council notice shows up as a difference. Exit 1 on any difference.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const chineseDays = require('chinese-days');
const data = require('chinese-days/dist/chinese-days.json');

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '..', '..', 'functions', 'GovData.Domain', 'Calendar', 'Data');
const files = readdirSync(dataDir).filter(f => /^\d{4}\.json$/.test(f)).sort();

const differences = [];
const differ = (year, message) => differences.push(`${year}: ${message}`);

// chinese-days keys dates as YYYY-MM-DD; so do our files, so plain string sets compare exactly.
const datesOfYear = (map, year) => new Set(Object.keys(map).filter(d => d.startsWith(`${year}-`)));
const setDiff = (a, b) => [...a].filter(x => !b.has(x)).sort();

let days = 0;
for (const file of files) {
  const ours = JSON.parse(readFileSync(join(dataDir, file), 'utf8'));
  const year = ours.year;
  const ourHolidays = new Set(ours.holidays.map(h => h.date));
  const ourWorkdays = new Set(ours.adjustedWorkingDays.map(w => w.date));
  const theirHolidays = datesOfYear(data.holidays, year);
  const theirWorkdays = datesOfYear(data.workdays, year);

  for (const d of setDiff(ourHolidays, theirHolidays)) differ(year, `${d} is a holiday here but not in chinese-days`);
  for (const d of setDiff(theirHolidays, ourHolidays)) differ(year, `${d} is a holiday in chinese-days but not here`);
  for (const d of setDiff(ourWorkdays, theirWorkdays)) differ(year, `${d} is an adjusted working day here but not in chinese-days`);
  for (const d of setDiff(theirWorkdays, ourWorkdays)) differ(year, `${d} is an adjusted working day in chinese-days but not here`);

  // Independent of the lists above: ask the package's own isWorkday for every day of the year.
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const iso = new Date(t).toISOString().slice(0, 10);
    const weekday = new Date(t).getUTCDay();
    const oursWorking = ourWorkdays.has(iso) || (!ourHolidays.has(iso) && weekday !== 0 && weekday !== 6);
    const theirsWorking = chineseDays.isWorkday(iso);
    if (oursWorking !== theirsWorking) differ(year, `${iso} is ${oursWorking ? '' : 'not '}a working day here, chinese-days says the opposite`);
    days++;
  }
}

for (const d of differences) console.log(d);
console.log(`compared ${files.length} year files (${files.join(', ')}), ${days} days: ${differences.length} difference(s)`);
process.exit(differences.length === 0 ? 0 : 1);
