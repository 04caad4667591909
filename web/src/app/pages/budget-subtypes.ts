// Budget subtypes: a paged list sorted by a column the user picks, with edit and (ADMIN) delete after confirmation.
import { Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Api, BudgetSubtype, Page } from '../api/api';
import { ShownError, apiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { formatMoney } from '../core/money';
import { Pager, SortHeader, Sorting } from './list-parts';

@Component({
  selector: 'bh-budget-subtypes',
  imports: [RouterLink, Pager, SortHeader],
  template: `
    <div class="d-flex align-items-center mb-3">
      <h1 class="h3 me-auto mb-0">Budget subtypes</h1>
      <a class="btn btn-primary" routerLink="/budget-subtypes/new">New subtype</a>
    </div>
    @if (notice()) {<div class="alert alert-success" role="status">{{ notice() }}</div>}
    @if (error(); as e) {<div class="alert alert-danger" role="alert" data-testid="list-error">{{ e.message }}</div>}
    @if (confirming(); as t) {
      <div class="alert alert-warning d-flex align-items-center" role="alertdialog" aria-labelledby="confirm-text">
        <span id="confirm-text" class="me-auto">Delete the subtype “{{ t.name }}”? This cannot be undone.</span>
        <button type="button" class="btn btn-danger btn-sm me-2" (click)="remove(t)" data-testid="confirm-delete">Delete</button>
        <button type="button" class="btn btn-secondary btn-sm" (click)="confirming.set(null)">Cancel</button>
      </div>
    }
    @if (page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Budget subtypes</caption>
        <thead><tr>
          <th scope="col" bhSort="name" [sorting]="sorting()" (sortBy)="sortBy($event)">Name</th>
          <th scope="col">Budget type</th>
          <th scope="col">Description</th>
          <th scope="col" class="text-end">Allocated</th>
          <th scope="col" class="text-end">Spent</th>
          <th scope="col" class="text-end" bhSort="availableFunds" [sorting]="sorting()" (sortBy)="sortBy($event)">Available</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody>
          @for (t of p.content; track t.id) {
            <tr>
              <td>{{ t.name }}</td><td>{{ t.budgetType?.name }}</td><td>{{ t.description }}</td>
              <td class="text-end">{{ money(t.allocated) }}</td><td class="text-end">{{ money(t.spent) }}</td>
              <td class="text-end">{{ money(t.availableFunds) }}</td>
              <td class="text-end text-nowrap">
                <a class="btn btn-outline-primary btn-sm" [routerLink]="['/budget-subtypes', t.id]" [attr.aria-label]="'Edit ' + t.name">Edit</a>
                @if (auth.isAdmin()) {
                  <button type="button" class="btn btn-outline-danger btn-sm ms-1" (click)="confirming.set(t)"
                    [attr.aria-label]="'Delete ' + t.name">Delete</button>
                }
              </td>
            </tr>
          } @empty {
            <tr><td colspan="7" class="text-muted">No subtypes yet.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [page]="p" [current]="pageNumber()" (go)="load($event)" />
    } @else if (!error()) {
      <p class="text-muted" role="status">Loading…</p>
    }
  `,
})
export class BudgetSubtypesPage implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(Api);
  protected readonly page = signal<Page<BudgetSubtype> | null>(null);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly notice = signal('');
  protected readonly confirming = signal<BudgetSubtype | null>(null);
  protected readonly sorting = signal<Sorting>({ field: 'name', direction: 'asc' });
  protected readonly money = formatMoney;
  protected readonly pageNumber = signal(0);

  ngOnInit(): void {
    this.load(0);
  }

  sortBy(sorting: Sorting): void {
    this.sorting.set(sorting);
    this.load(0);
  }

  load(pageNumber: number): void {
    const s = this.sorting();
    this.api
      .get<'/api/v1/budget/subtype/all', Page<BudgetSubtype>>('/api/v1/budget/subtype/all',
        { query: { page: pageNumber, size: 10, sort: `${s.field},${s.direction}` } })
      .subscribe({
        next: (p) => {
          this.error.set(null);
          this.pageNumber.set(pageNumber);
          this.page.set(p);
        },
        error: (e: unknown) => this.error.set(apiError(e)),
      });
  }

  remove(t: BudgetSubtype): void {
    this.confirming.set(null);
    this.api.delete('/api/v1/budget/subtype/delete/{id}', { path: { id: t.id } }).subscribe({
      next: () => {
        this.notice.set(`Subtype “${t.name}” deleted; its allocation went back to its budget type.`);
        const p = this.page();
        this.load(p && p.content.length === 1 && this.pageNumber() > 0 ? this.pageNumber() - 1 : this.pageNumber());
      },
      error: (e: unknown) => this.error.set(apiError(e)),
    });
  }
}
