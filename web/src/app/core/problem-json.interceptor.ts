// Asks every API call for problem details: a 400's problems then come as the per-field list
// `errors: [{field, message}]` (docs/api.md, "Validation errors"), which the pages show under their
// fields. Without it the portal answers the seed's flat text form, made for the original client.
import { HttpInterceptorFn } from '@angular/common/http';

export const PROBLEM_JSON_ACCEPT = 'application/json, application/problem+json';

export const problemJsonInterceptor: HttpInterceptorFn = (request, next) =>
  request.url.startsWith('/api/') && !request.headers.has('Accept')
    ? next(request.clone({ setHeaders: { Accept: PROBLEM_JSON_ACCEPT } }))
    : next(request);
