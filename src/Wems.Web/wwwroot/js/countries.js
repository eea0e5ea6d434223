// ISO 3166-1 alpha-2 codes of the countries WEMS knows (the country table is loaded from data/countries-*.geojson,
// from which this list was taken); their names come from Intl.DisplayNames in the user's language.
import { fmt } from './i18n.js';

export const COUNTRY_CODES = `
AE AF AL AM AO AQ AR AT AU AZ BA BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR
CU CV CY CZ DE DJ DK DO DZ EC EE EG EH ER ES ET FI FJ FK FR GA GB GE GH GL GM GN GQ GR GT GW GY HK HN HR HT HU
ID IE IL IN IO IQ IR IS IT JM JO JP KE KG KH KM KP KR KW KZ LA LB LK LR LS LT LU LV LY MA MD ME MG MK ML MM MN
MO MR MU MV MW MX MY MZ NA NC NE NG NI NL NO NP NZ OM PA PE PG PH PK PL PR PS PT PY QA RO RS RU RW SA SB SC SD
SE SG SH SI SK SL SN SO SR SS ST SV SY SZ TD TF TG TH TJ TL TM TN TR TT TW TZ UA UG US UY UZ VE VN VU XK YE ZA
ZM ZW
`.trim().split(/\s+/);

/** [{code, name}] sorted by name in the current language. */
export function countries() {
  return COUNTRY_CODES.map((code) => ({ code, name: fmt.country(code) })).sort((a, b) => a.name.localeCompare(b.name));
}
