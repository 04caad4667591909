// Unit test of the sign-in page: the server's field errors appear next to their field; success goes to returnUrl.
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { SignInPage } from './sign-in';

describe('SignInPage', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  async function typeInto(root: HTMLElement, selector: string, value: string) {
    const input = root.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('shows the server field errors next to their field', async () => {
    const fixture = TestBed.createComponent(SignInPage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    await typeInto(root, '#email', 'not-an-email');
    await typeInto(root, '#password', 'x');
    await fixture.whenStable();
    root.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/sign-in').flush(
      { message: 'Invalid credentials', status: 400, errorCode: 'VALIDATION_ERROR', errors: [{ field: 'email', message: 'must be an e-mail address' }] },
      { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(root.querySelector('[data-testid=form-error]')?.textContent).toContain('Invalid credentials');
    expect(root.querySelector('#email')!.classList).toContain('is-invalid');
    expect(root.querySelector('bh-field-error')?.textContent).toContain('must be an e-mail address');
  });

  it('goes to the return URL once signed in, never to another site', async () => {
    const fixture = TestBed.createComponent(SignInPage);
    fixture.componentRef.setInput('returnUrl', '//evil.example');
    await fixture.whenStable();
    const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
    const root = fixture.nativeElement as HTMLElement;
    await typeInto(root, '#email', 'ada@budgethub.test');
    await typeInto(root, '#password', 'Correct-Horse-9');
    root.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/sign-in')
      .flush({ id: 'u1', token: 'a.eyJyb2xlcyI6WyJBRE1JTiJdfQ.s', refreshToken: 'r' });
    expect(navigate).toHaveBeenCalledWith('/');
  });
});
