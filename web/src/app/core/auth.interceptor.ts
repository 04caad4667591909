// Adds the bearer token to API requests. When the access token has expired (known from its `exp`, or from a
// 401 answer) it waits for the one shared refresh and retries; when the refresh fails, the user goes back to
// sign-in with the page to return to.
import { HttpErrorResponse, HttpEvent, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, catchError, defer, switchMap, throwError } from 'rxjs';
import { AuthService, PUBLIC_REQUEST } from './auth.service';

function withToken(request: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.context.get(PUBLIC_REQUEST) || !request.url.startsWith('/api/')) return next(request);
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.token()) return next(request);

  let refreshedOnce = false; // at most one refresh per request: a refused refresh or retry is final
  const refreshed = (): Observable<HttpEvent<unknown>> => {
    refreshedOnce = true;
    return auth.refresh().pipe(
      catchError((error: unknown) => {
        auth.expire(router.url);
        return throwError(() => error);
      }),
      switchMap((token) => next(withToken(request, token))),
    );
  };
  const send = (): Observable<HttpEvent<unknown>> => next(withToken(request, auth.token()!));

  return defer(() => (auth.expired() ? refreshed() : send())).pipe(
    catchError((error: unknown) => {
      // Expired or revoked meanwhile: one refresh (shared) and one retry; the retry's own 401 is final.
      if (!refreshedOnce && error instanceof HttpErrorResponse && error.status === 401) return refreshed();
      return throwError(() => error);
    }),
  );
};
