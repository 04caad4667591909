// Parts shared by the paged lists: their state (PagedList: load, sort, page, delete then reload), what they
// say (ListAlerts: notice, error, the delete question), a sortable column header and a pager.
import { Component, WritableSignal, computed, input, output, signal } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from '../api/api';
import { ShownError, apiError } from '../core/api-error';

export interface Sorting {
  field: string;
  direction: 'asc' | 'desc';
}

/** What a list asks the server for: the page, its size and the order (`field,direction`). */
export interface PageQuery {
  page: number;
  size: number;
  sort: string;
}

/**
 * The state of one paged list — the page shown and its number, the order, an error or notice to show, the row
 * awaiting a delete confirmation — and the three things done to it: load a page, sort, delete a row. `fetch`
 * asks the server for a page (with the page's own filters, read when it runs).
 */
export class PagedList<T> {
  readonly page = signal<Page<T> | null>(null);
  readonly pageNumber = signal(0);
  readonly error = signal<ShownError | null>(null);
  readonly notice = signal('');
  readonly confirming = signal<T | null>(null);
  readonly sorting: WritableSignal<Sorting>;

  constructor(private readonly fetch: (query: PageQuery) => Observable<Page<T>>, sorting: Sorting,
              private readonly size = 10) {
    this.sorting = signal(sorting);
  }

  load(pageNumber = 0): void {
    const s = this.sorting();
    this.fetch({ page: pageNumber, size: this.size, sort: `${s.field},${s.direction}` }).subscribe({
      next: (p) => {
        this.error.set(null);
        this.pageNumber.set(pageNumber);
        this.page.set(p);
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }

  sortBy(sorting: Sorting): void {
    this.sorting.set(sorting);
    this.load(0);
  }

  /** Runs the delete, then says `done` and shows the same page again (the one before when its last row went). */
  remove(request: Observable<unknown>, done: string): void {
    this.confirming.set(null);
    request.subscribe({
      next: () => {
        this.notice.set(done);
        const p = this.page();
        this.load(p && p.content.length === 1 && this.pageNumber() > 0 ? this.pageNumber() - 1 : this.pageNumber());
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }
}

@Component({
  selector: 'th[bhSort]',
  host: {
    class: 'sortable',
    '[attr.aria-sort]': "active() ? (sorting().direction === 'asc' ? 'ascending' : 'descending') : 'none'",
  },
  template: `<button type="button" class="btn btn-link p-0 text-reset fw-semibold text-decoration-none" (click)="toggle()">
    <ng-content />@if (active()) {<span aria-hidden="true">{{ sorting().direction === 'asc' ? ' ▲' : ' ▼' }}</span>}</button>`,
})
export class SortHeader {
  readonly bhSort = input.required<string>();
  readonly sorting = input.required<Sorting>();
  readonly sortBy = output<Sorting>();
  protected readonly active = computed(() => this.sorting().field === this.bhSort());

  toggle(): void {
    const direction = this.active() && this.sorting().direction === 'asc' ? 'desc' : 'asc';
    this.sortBy.emit({ field: this.bhSort(), direction });
  }
}

@Component({
  selector: 'bh-pager',
  template: `
    <nav class="d-flex align-items-center" aria-label="Pages">
      <span class="me-auto text-muted" data-testid="page-info">Page {{ current() + 1 }} of {{ pages() }} · {{ page().totalElements }} in all</span>
      <button type="button" class="btn btn-outline-secondary btn-sm me-2" [disabled]="current() === 0" (click)="go.emit(current() - 1)">Previous</button>
      <button type="button" class="btn btn-outline-secondary btn-sm" [disabled]="current() + 1 >= pages()" (click)="go.emit(current() + 1)">Next</button>
    </nav>
  `,
})
export class Pager {
  readonly page = input.required<Pick<Page<unknown>, 'totalElements' | 'totalPages'>>();
  readonly go = output<number>();
  /** The 0-based page shown (the one the list asked for). */
  readonly current = input.required<number>();
  protected readonly pages = computed(() => Math.max(1, this.page().totalPages));
}

/**
 * A list's notice and error, and the question asked before a delete: `question` words it for the row; `confirmed`
 * fires with the row when the person says Delete (Cancel just closes the question).
 */
@Component({
  selector: 'bh-list-alerts',
  template: `
    @if (list().notice()) {<div class="alert alert-success" role="status" data-testid="notice">{{ list().notice() }}</div>}
    @if (list().error(); as e) {<div class="alert alert-danger" role="alert" data-testid="list-error">{{ e.message }}</div>}
    @if (list().confirming(); as item) {
      <div class="alert alert-warning d-flex align-items-center" role="alertdialog" aria-labelledby="confirm-text">
        <span id="confirm-text" class="me-auto">{{ question()(item) }}</span>
        <button type="button" class="btn btn-danger btn-sm me-2" (click)="confirmed.emit(item)" data-testid="confirm-delete">Delete</button>
        <button type="button" class="btn btn-secondary btn-sm" (click)="list().confirming.set(null)">Cancel</button>
      </div>
    }
  `,
})
export class ListAlerts {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one component for every row type
  readonly list = input.required<PagedList<any>>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly question = input<(item: any) => string>(() => '');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly confirmed = output<any>();
}
