// The analysis runs page without the DOM: the parameters of each kind (as POST /api/analyses/{kind} takes them,
// see docs/analyses.md), the request body from the form's values, and what a finished job links to.
// Pure functions, tested by Node (Ui/Js/modules.test.mjs).

export const KINDS = ['hotspots', 'density', 'emerging', 'corridors', 'border'];

/**
 * Every parameter: name (as the server names it), input type, the kinds that take it, and for a choice its values
 * (the first is the server's default). Numbers are left empty for the server's default.
 */
export const PARAMETERS = [
  { name: 'from', type: 'date', kinds: KINDS },
  { name: 'to', type: 'date', kinds: KINDS },
  { name: 'commodity', type: 'commodity', kinds: KINDS },
  { name: 'cell-km2', type: 'number', kinds: ['hotspots', 'emerging'] },
  { name: 'band-km', type: 'number', kinds: ['hotspots', 'emerging'] },
  { name: 'weight', type: 'choice', values: ['count', 'kilograms'], kinds: ['hotspots'] },
  { name: 'radius-km', type: 'number', kinds: ['density'] },
  { name: 'cell-km', type: 'number', kinds: ['density'] },
  { name: 'step', type: 'choice', values: ['year', 'quarter'], kinds: ['emerging'] },
  { name: 'period', type: 'choice', values: ['none', 'month', 'quarter', 'year'], kinds: ['corridors'] },
  { name: 'split-commodity', type: 'choice', values: ['no', 'yes'], kinds: ['corridors'] },
  { name: 'travelled-only', type: 'choice', values: ['no', 'yes'], kinds: ['corridors'] },
  { name: 'bend', type: 'number', kinds: ['corridors'] },
  { name: 'segment-km', type: 'number', kinds: ['border'] },
  { name: 'coverage-km', type: 'number', kinds: ['border'] },
  { name: 'near-km', type: 'number', kinds: ['border'] },
];

export const parametersOf = (kind) => PARAMETERS.filter((p) => p.kinds.includes(kind));

/**
 * The JSON body of a run: the kind's parameters that have a value, as text exactly as typed (trimmed), so the
 * server's validation judges them and names the field when one is wrong.
 */
export function bodyOf(kind, values) {
  const body = {};
  for (const p of parametersOf(kind)) {
    const value = String(values[p.name] ?? '').trim();
    if (value !== '') body[p.name] = value;
  }
  return body;
}

/** The field a ProblemDetails names (`parameter`, or the first key of `errors`), or null. */
export function problemField(problem) {
  if (!problem) return null;
  if (problem.parameter) return problem.parameter;
  const [first] = Object.keys(problem.errors ?? {});
  return first ?? null;
}

/** The OGC collections a succeeded job's result is served as, from its links (rel "collection"). */
export function collectionsOf(job) {
  return (job?.links ?? []).filter((l) => l.rel === 'collection').map((l) => l.title ?? l.href.split('/').pop());
}

export const finished = (job) => job?.status === 'succeeded' || job?.status === 'failed';

/** The runs page's URL hash: #run={jobId}. */
export const runOfHash = (hash) => new URLSearchParams(hash.replace(/^#/, '')).get('run') || null;
