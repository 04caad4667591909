// Parts shared by the paged lists: a sortable column header and a pager.
import { Component, computed, input, output } from '@angular/core';
import { Page } from '../api/api';

export interface Sorting {
  field: string;
  direction: 'asc' | 'desc';
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
