// Parts shared by the paged lists: their state (PagedList: load, sort, page, delete then reload), what they
// say (ListAlerts: loading, notice, error, the delete question), a sortable column header, a row's Edit and
// Delete, and a pager. A page owns one PagedList and hands it to the parts: `<th bhSort="name" [list]="list">`,
// `<bh-list-alerts [list]="list" />`, `<bh-row-actions [list]="list" [row]="t" …/>`, `<bh-pager [list]="list" />`.
import { Component, Signal, WritableSignal, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Observable, Subscription } from 'rxjs';
import { Page } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';

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

/** How a list deletes a row: the question asked first, the request, and what is said once it is done. */
export interface RowDelete<T> {
  question: (item: T) => string;
  request: (item: T) => Observable<unknown>;
  done: (item: T) => string;
}

export interface PagedListOptions<T> {
  /** Rows a page (default 10). */
  size?: number;
  /** How a row is deleted, for a list that offers it. */
  remove?: RowDelete<T>;
}

/**
 * The state of one paged list — the page shown and its number, the order, an error or notice to show, the row
 * awaiting a delete confirmation — and what is done to it: load a page, sort by a column, delete a row. `fetch`
 * asks the server for a page (with the page's own filters, read when it runs). Only the latest load is
 * answered: a new one cancels the one still under way, so a late answer never shows under a newer order or page.
 */
export class PagedList<T> {
  readonly page = signal<Page<T> | null>(null);
  readonly pageNumber = signal(0);
  readonly error = signal<ShownError | null>(null);
  readonly notice = signal('');
  readonly confirming = signal<T | null>(null);
  private readonly order: WritableSignal<Sorting>;
  readonly sorting: Signal<Sorting>;
  private readonly size: number;
  private readonly deletes?: RowDelete<T>;
  /** The load under way, cancelled by the next one. */
  private loading?: Subscription;

  constructor(private readonly fetch: (query: PageQuery) => Observable<Page<T>>, sorting: Sorting,
              options: PagedListOptions<T> = {}) {
    this.order = signal(sorting);
    this.sorting = this.order.asReadonly();
    this.size = options.size ?? 10;
    this.deletes = options.remove;
  }

  /**
   * Shows page `pageNumber` (0-based). When it comes back empty past the first page — its rows were deleted by
   * someone else since the pager offered it — the last page there is now is shown instead (the first when none).
   */
  load(pageNumber = 0): void {
    const s = this.order();
    this.loading?.unsubscribe();
    const loading = this.fetch({ page: pageNumber, size: this.size, sort: `${s.field},${s.direction}` }).subscribe({
      next: (p) => {
        if (!p.content.length && pageNumber > 0) {
          // Always an earlier page than the one asked for, so this ends whatever the server answers.
          this.load(Math.max(0, Math.min(p.totalPages, pageNumber) - 1));
          return;
        }
        this.error.set(null);
        this.pageNumber.set(pageNumber);
        this.page.set(p);
      },
      error: (e: unknown) => this.fail(e),
    });
    // An answer that came at once closed it: nothing to cancel, and a load that answer started keeps its own.
    if (!loading.closed) this.loading = loading;
  }

  /** The page shown, asked for again (after a change to its rows). */
  reload(): void {
    this.load(this.pageNumber());
  }

  /** Orders by `field`: ascending, or descending when it is the ascending order already; from the first page. */
  sortBy(field: string): void {
    const s = this.order();
    this.order.set({ field, direction: s.field === field && s.direction === 'asc' ? 'desc' : 'asc' });
    this.load(0);
  }

  /** Shows a failed request's error above the list. */
  fail(e: unknown): void {
    this.error.set(apiError(e));
  }

  /** Clears the notice and the error, before an action whose outcome is then the only one shown. */
  clearAlerts(): void {
    this.error.set(null);
    this.notice.set('');
  }

  /** The question asked before `item` is deleted. */
  question(item: T): string {
    return this.deletes?.question(item) ?? '';
  }

  /**
   * Deletes `item`, then says so and shows the same page again (the one before when its last row went); what an
   * earlier action said is cleared first, so a refusal never shows next to the notice of a delete before it.
   */
  remove(item: T): void {
    const deletes = this.deletes;
    if (!deletes) throw new Error('this list has no delete');
    this.confirming.set(null);
    this.clearAlerts();
    deletes.request(item).subscribe({
      next: () => {
        this.notice.set(deletes.done(item));
        const p = this.page();
        this.load(p && p.content.length === 1 && this.pageNumber() > 0 ? this.pageNumber() - 1 : this.pageNumber());
      },
      error: (e: unknown) => this.fail(e),
    });
  }
}

/** A column header that sorts its list by the column `bhSort` names; a second click turns the order around. */
@Component({
  selector: 'th[bhSort]',
  host: {
    class: 'sortable',
    '[attr.aria-sort]': "active() ? (list().sorting().direction === 'asc' ? 'ascending' : 'descending') : 'none'",
  },
  template: `<button type="button" class="btn btn-link p-0 text-reset fw-semibold text-decoration-none" (click)="list().sortBy(bhSort())">
    <ng-content />@if (active()) {<span aria-hidden="true">{{ list().sorting().direction === 'asc' ? ' ▲' : ' ▼' }}</span>}</button>`,
})
export class SortHeader<T> {
  readonly bhSort = input.required<string>();
  readonly list = input.required<PagedList<T>>();
  protected readonly active = computed(() => this.list().sorting().field === this.bhSort());
}

/** A row's Edit link and, for an ADMIN, its Delete button (the list asks its question before deleting). */
@Component({
  selector: 'bh-row-actions',
  imports: [RouterLink],
  template: `
    <a class="btn btn-outline-primary btn-sm" [routerLink]="edit()" [attr.aria-label]="'Edit ' + label()">Edit</a>
    @if (auth.isAdmin()) {
      <button type="button" class="btn btn-outline-danger btn-sm ms-1" (click)="list().confirming.set(row())"
        [attr.aria-label]="'Delete ' + label()">Delete</button>
    }
  `,
})
export class RowActions<T> {
  protected readonly auth = inject(AuthService);
  readonly list = input.required<PagedList<T>>();
  readonly row = input.required<T>();
  /** The row's edit page, as router commands (`['/suppliers', id]`). */
  readonly edit = input.required<readonly unknown[]>();
  /**
   * The row as its buttons name it ("Edit …", "Delete …"): a string, so that a page whose name for a row is
   * optional (a movement's document number) has to choose a fallback, and no button says "Edit null".
   */
  readonly label = input.required<string>();
}

/** Where the list is among its pages, with Previous and Next. */
@Component({
  selector: 'bh-pager',
  template: `
    @if (list().page(); as p) {
      <nav class="d-flex align-items-center" aria-label="Pages">
        <span class="me-auto text-muted" data-testid="page-info">Page {{ current() + 1 }} of {{ pages() }} · {{ p.totalElements }} in all</span>
        <button type="button" class="btn btn-outline-secondary btn-sm me-2" [disabled]="current() === 0" (click)="list().load(current() - 1)">Previous</button>
        <button type="button" class="btn btn-outline-secondary btn-sm" [disabled]="current() + 1 >= pages()" (click)="list().load(current() + 1)">Next</button>
      </nav>
    }
  `,
})
export class Pager<T> {
  readonly list = input.required<PagedList<T>>();
  /** The 0-based page shown (the one the list asked for). */
  protected readonly current = computed(() => this.list().pageNumber());
  protected readonly pages = computed(() => Math.max(1, this.list().page()?.totalPages ?? 0));
}

/**
 * What a list says above its rows: Loading… until its first page comes, its notice and error, and the question
 * asked before a delete (Delete runs it, Cancel just closes the question).
 */
@Component({
  selector: 'bh-list-alerts',
  template: `
    @if (list().notice()) {<div class="alert alert-success" role="status" data-testid="notice">{{ list().notice() }}</div>}
    @if (list().error(); as e) {<div class="alert alert-danger" role="alert" data-testid="list-error">{{ e.message }}</div>}
    @if (list().confirming(); as item) {
      <div class="alert alert-warning d-flex align-items-center" role="alertdialog" aria-labelledby="confirm-text">
        <span id="confirm-text" class="me-auto">{{ list().question(item) }}</span>
        <button type="button" class="btn btn-danger btn-sm me-2" (click)="list().remove(item)" data-testid="confirm-delete">Delete</button>
        <button type="button" class="btn btn-secondary btn-sm" (click)="list().confirming.set(null)">Cancel</button>
      </div>
    }
    @if (!list().page() && !list().error()) {<p class="text-muted" role="status">Loading…</p>}
  `,
})
export class ListAlerts<T> {
  readonly list = input.required<PagedList<T>>();
}
