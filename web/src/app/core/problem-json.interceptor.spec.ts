// Unit test of the problem-details request: every API call asks for the per-field error list, other
// URLs and an explicit Accept are left alone.
import { HttpClient, HttpHeaders, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { PROBLEM_JSON_ACCEPT, problemJsonInterceptor } from './problem-json.interceptor';

describe('problemJsonInterceptor', () => {
  it('asks API calls for problem details', () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(withInterceptors([problemJsonInterceptor])),
        provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpClient);
    const backend = TestBed.inject(HttpTestingController);
    http.post('/api/v1/user-credentials/register', {}).subscribe();
    http.get('/assets/x.json').subscribe();
    http.get('/api/v1/invoice/1/file', { headers: new HttpHeaders({ Accept: 'application/pdf' }) }).subscribe();
    expect(backend.expectOne('/api/v1/user-credentials/register').request.headers.get('Accept')).toBe(PROBLEM_JSON_ACCEPT);
    expect(backend.expectOne('/assets/x.json').request.headers.has('Accept')).toBeFalse();
    expect(backend.expectOne('/api/v1/invoice/1/file').request.headers.get('Accept')).toBe('application/pdf');
    backend.verify();
  });
});
