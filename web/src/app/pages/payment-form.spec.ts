// Unit test of the new-payment page: an amount a person typed wrong is named under its item before any call;
// a refused attempt (4xx) shows the server's reason and the next attempt is a new command (new
// Idempotency-Key); an attempt with no clear answer (5xx) keeps its key, so sending again resumes it.
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PaymentFormPage } from './payment-form';
import { moneyIn } from './payment-parts';

describe('PaymentFormPage', () => {
  beforeEach(() => {
    localStorage.clear(); // no roles: ids typed by hand, no budget lists asked for
    TestBed.configureTestingModule({
      imports: [PaymentFormPage],
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  function typeInto(root: HTMLElement, selector: string, value: string) {
    const input = root.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function filled() {
    const fixture = TestBed.createComponent(PaymentFormPage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    typeInto(root, '#description', 'Chairs');
    typeInto(root, '#subtype-0', '0199aa00-0000-7000-8000-000000000001');
    typeInto(root, '#supplier-0', '0199aa00-0000-7000-8000-000000000002');
    typeInto(root, '#amount-0', '10.5');
    await fixture.whenStable();
    return { fixture, root };
  }

  const submit = (root: HTMLElement) => root.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));

  it('names a wrong amount under its item without calling the server', async () => {
    const { fixture, root } = await filled();
    typeInto(root, '#amount-0', '10.555');
    await fixture.whenStable();
    submit(root);
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectNone('/api/v1/payment/create-payment-intent');
    expect(root.querySelector('#amount-0')!.classList).toContain('is-invalid');
    expect(root.textContent).toContain('at most two decimals');
  });

  it('sends a new Idempotency-Key after a refusal, and the same one after a 5xx', async () => {
    const { fixture, root } = await filled();
    const backend = TestBed.inject(HttpTestingController);
    submit(root);
    const first = backend.expectOne('/api/v1/payment/create-payment-intent');
    expect(first.request.body.items[0]).toEqual(jasmine.objectContaining({ amount: 10.5, ivaRate: 23 }));
    first.flush({ message: 'Total value exceeds the available budget. Total value: 12.92, Available: 5.00', status: 400,
      errorCode: 'BUDGET_EXCEEDED' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(root.querySelector('[data-testid=form-error]')?.textContent).toContain('Available: 5.00');

    submit(root);
    const second = backend.expectOne('/api/v1/payment/create-payment-intent');
    expect(second.request.headers.get('Idempotency-Key')).not.toEqual(first.request.headers.get('Idempotency-Key'));
    second.flush({ message: 'The payment provider is unavailable.', status: 503, errorCode: 'STRIPE_UNAVAILABLE' },
      { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();

    submit(root);
    const third = backend.expectOne('/api/v1/payment/create-payment-intent');
    expect(third.request.headers.get('Idempotency-Key')).toEqual(second.request.headers.get('Idempotency-Key'));
  });

  it('shows amounts in the payment currency', () => {
    expect(moneyIn(12.3, 'eur')).toContain('12,30');
    expect(moneyIn(null, 'eur')).toBe('—');
  });
});
