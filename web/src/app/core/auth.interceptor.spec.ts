// Unit tests of the auth interceptor: the bearer token, one refresh shared by parallel requests, and the way
// back to sign-in when the refresh fails.
import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

function jwt(claims: object): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'EdDSA' })}.${part(claims)}.sig`;
}
const later = () => Math.floor(Date.now() / 1000) + 600;

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    localStorage.setItem('budgethub.session', JSON.stringify({ token: jwt({ roles: ['ADMIN'], exp: later() }), refreshToken: 'r1' }));
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });
  afterEach(() => {
    backend.verify();
    localStorage.clear();
  });

  it('sends the access token as bearer, and none on other origins', () => {
    http.get('/api/v1/budget/type/all').subscribe();
    http.get('https://example.org/x').subscribe();
    const req = backend.expectOne('/api/v1/budget/type/all');
    expect(req.request.headers.get('Authorization')).toMatch(/^Bearer ey/);
    expect(backend.expectOne('https://example.org/x').request.headers.has('Authorization')).toBeFalse();
    req.flush({});
  });

  it('refreshes once for parallel 401s, and retries each request with the new token', () => {
    const answers: unknown[] = [];
    http.get('/api/v1/a').subscribe((a) => answers.push(a));
    http.get('/api/v1/b').subscribe((b) => answers.push(b));
    backend.expectOne('/api/v1/a').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/b').flush({}, { status: 401, statusText: 'Unauthorized' });
    const refresh = backend.expectOne('/api/v1/auth/refresh-token');
    expect(refresh.request.headers.get('Authorization')).toBe('Bearer r1');
    const fresh = jwt({ roles: ['ADMIN'], exp: later(), n: 2 });
    refresh.flush({ token: fresh, refreshToken: 'r2' });
    const a = backend.expectOne('/api/v1/a');
    const b = backend.expectOne('/api/v1/b');
    expect(a.request.headers.get('Authorization')).toBe(`Bearer ${fresh}`);
    expect(b.request.headers.get('Authorization')).toBe(`Bearer ${fresh}`);
    a.flush('A');
    b.flush('B');
    expect(answers).toEqual(['A', 'B']);
    expect(TestBed.inject(AuthService).session()?.refreshToken).toBe('r2');
  });

  it('refreshes before sending when the token has expired', () => {
    localStorage.setItem('budgethub.session', JSON.stringify({ token: jwt({ exp: 1 }), refreshToken: 'r1' }));
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    http.get('/api/v1/a').subscribe();
    http.get('/api/v1/b').subscribe();
    backend.expectOne('/api/v1/auth/refresh-token').flush({ token: jwt({ exp: later() }), refreshToken: 'r2' });
    backend.expectOne('/api/v1/a').flush({});
    backend.expectOne('/api/v1/b').flush({});
  });

  it('does not refresh twice when the token expired and the refresh is refused', () => {
    localStorage.setItem('budgethub.session', JSON.stringify({ token: jwt({ exp: 1 }), refreshToken: 'r1' }));
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    let failed = false;
    http.get('/api/v1/a').subscribe({ error: () => (failed = true) });
    backend.expectOne('/api/v1/auth/refresh-token').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/v1/auth/refresh-token');
    backend.expectNone('/api/v1/a');
    expect(failed).toBeTrue();
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('goes back to sign-in with the return URL when the refresh fails', () => {
    const navigate = spyOn(router, 'navigate').and.resolveTo(true);
    let failed = false;
    http.get('/api/v1/a').subscribe({ error: () => (failed = true) });
    backend.expectOne('/api/v1/a').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh-token').flush({ errorCode: 'INVALID_REFRESH_TOKEN' }, { status: 401, statusText: 'Unauthorized' });
    expect(failed).toBeTrue();
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/', expired: 1 } });
    expect(TestBed.inject(AuthService).signedIn()).toBeFalse();
  });
});
