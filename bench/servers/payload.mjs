// The mock's list answer for the default dataset, byte for byte, so baselines send the same size.
export const LIST_BODY = JSON.stringify({
  count: 1,
  next: null,
  previous: null,
  results: [{
    id: 2, enabled: true, target_url: 'https://httpstat.us/200', all_events: false, limit_events: ['democon'],
    action_types: ['pretix.event.order.changed.*', 'pretix.event.order.modified'], comment: null,
  }],
});
