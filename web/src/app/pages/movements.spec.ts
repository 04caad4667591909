// Unit test of the movements list: what its buttons and texts call a movement, which need not have a document
// number (its description then, or "movement" when that is blank too), never "null" or "undefined".
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AuthService } from '../core/auth.service';
import { Movement, MovementsPage } from './movements';

const movement = (id: string, documentNumber: string | null | undefined, description: string, paymentId?: string) =>
  ({ id, version: 0, supplierId: 's1', documentNumber, description, dateOfEmission: '2026-01-10', type: 'DEBIT',
    valueWithoutIva: 10, totalValue: 12.3, status: 'SUCCEEDED', paymentId }) as Movement;

const pageOf = (content: unknown[]) => ({ content, pageSize: 10, totalElements: content.length, totalPages: 1,
  numberOfElements: content.length, first: true, last: true, empty: !content.length });

describe('MovementsPage', () => {
  let fixture: ComponentFixture<MovementsPage>;
  let root: HTMLElement;
  let backend: HttpTestingController;
  let rows: Movement[];

  /** Answers every request waiting: the movements asked for, empty lists of types, subtypes and suppliers. */
  async function answer() {
    for (const r of backend.match(() => true)) {
      if (r.request.method === 'DELETE') r.flush(null);
      else r.flush(pageOf(r.request.url === '/api/v1/movement/all' ? rows : []));
    }
    await fixture.whenStable();
  }

  beforeEach(async () => {
    rows = [
      movement('m1', 'INV-1', 'Paper'),
      movement('m2', null, 'Toner'),
      movement('m3', undefined, '  '),
      movement('m4', '', 'Chairs', 'p4'),
    ];
    TestBed.configureTestingModule({
      imports: [MovementsPage],
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(), provideHttpClientTesting(),
        { provide: AuthService, useValue: { isAdmin: signal(true) } }],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MovementsPage);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    await answer();
  });

  afterEach(() => backend.verify());

  const labels = () => [...root.querySelectorAll('tbody [aria-label]')].map((e) => e.getAttribute('aria-label'));

  it('names a movement by its document number, else its description, else "movement"', () => {
    expect(labels()).toEqual([
      'Edit INV-1', 'Delete INV-1',
      'Edit Toner', 'Delete Toner',
      'Edit movement', 'Delete movement',
      'Payment of Chairs',
    ]);
  });

  it('asks about and reports the delete of a movement without a document number by the same name', async () => {
    root.querySelector<HTMLButtonElement>('button[aria-label="Delete Toner"]')!.click();
    await fixture.whenStable();
    expect(root.querySelector('[role=alertdialog]')?.textContent).toContain('Delete the movement “Toner”?');
    root.querySelector<HTMLButtonElement>('[data-testid=confirm-delete]')!.click();
    rows = rows.filter((m) => m.id !== 'm2');
    await answer(); // the delete
    await answer(); // the page again
    expect(root.querySelector('[data-testid=notice]')?.textContent).toContain('Movement “Toner” deleted.');
    expect(root.textContent).not.toMatch(/null|undefined/);
  });
});
