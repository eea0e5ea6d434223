// The case form's model: the draft kept in localStorage and the request body it becomes. No DOM, so it is unit-tested.

/** The path that encloses a field path: specimens[0].quantity → specimens[0] → specimens → ''. */
export function parentPath(path) {
  const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
  return parent === path ? '' : parent;
}

export const emptyDraft = () => ({
  reference: '', date: '', time: '', placeName: '', location: { x: '', y: '' }, locationPrecision: 'exact', locationType: '',
  reason: '', detectionMethod: '', transportMode: '', concealment: '',
  specimens: [{ scientificName: '', term: '', quantity: '', unit: '' }], tradeChain: [], outcome: { arrests: 0 }, sharedManually: false,
});

/** The request body of POST /api/cases from a draft: empty text is left out, numbers are numbers. */
export function toRequest(d) {
  const text = (v) => (v === '' || v === undefined ? null : v);
  const number = (v) => (v === '' || v === null || v === undefined ? null : Number(v));
  return {
    reference: text(d.reference?.trim()), date: text(d.date), time: d.time ? (d.time.length === 5 ? `${d.time}:00` : d.time) : null,
    placeName: text(d.placeName?.trim()),
    location: d.location.x === '' && d.location.y === '' ? null : { x: number(d.location.x), y: number(d.location.y) },
    locationPrecision: d.locationPrecision, locationType: text(d.locationType), reason: text(d.reason),
    detectionMethod: text(d.detectionMethod), transportMode: text(d.transportMode), concealment: text(d.concealment),
    specimens: d.specimens.map((s) => ({ scientificName: text(s.scientificName), term: text(s.term), quantity: number(s.quantity), unit: text(s.unit) })),
    tradeChain: d.tradeChain.map((c) => ({ country: text(c.country), role: text(c.role), custody: !!c.custody, intended: !!c.intended })),
    outcome: { arrests: number(d.outcome.arrests) ?? 0 },
    sharedManually: !!d.sharedManually,
  };
}
