/** What DRF's SimpleMetadata says about every view: pretix renders JSON and parses these three. */
export function simpleMetadata(name: string, description = '', actions?: Record<string, unknown>) {
  return {
    name,
    description,
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    ...(actions ? { actions } : {}),
  };
}
