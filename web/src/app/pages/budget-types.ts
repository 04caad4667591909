// Budget types: a paged list filtered by name and sorted by a column the user picks, with edit and (ADMIN)
// delete after confirmation.
import { Component, OnInit, inject } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Api, BudgetType, Page } from '../api/api';
import { formatMoney } from '../core/money';
import { ListAlerts, PagedList, Pager, RowActions, SortHeader } from './list-parts';

@Component({
  selector: 'bh-budget-types',
  imports: [FormsModule, RouterLink, Pager, SortHeader, ListAlerts, RowActions],
  template: `
    <div class="d-flex align-items-center mb-3">
      <h1 class="h3 me-auto mb-0">Budget types</h1>
      <a class="btn btn-primary" routerLink="/budget-types/new">New budget type</a>
    </div>
    <form class="row g-2 align-items-end mb-3" (ngSubmit)="list.load(0)" aria-label="Filter budget types">
      <div class="col-sm-6 col-md-4"><label class="form-label" for="name-filter">Name contains</label>
        <input class="form-control" id="name-filter" name="nameFilter" [(ngModel)]="nameFilter" maxlength="200"></div>
      <div class="col-auto"><button class="btn btn-outline-primary" type="submit">Filter</button>
        <button class="btn btn-link" type="button" (click)="clear()">Clear</button></div>
    </form>
    <bh-list-alerts [list]="list" />
    @if (list.page(); as p) {
      <table class="table table-hover align-middle">
        <caption class="visually-hidden">Budget types</caption>
        <thead><tr>
          <th scope="col" bhSort="name" [list]="list">Name</th>
          <th scope="col">Description</th>
          <th scope="col" class="text-end">Allocated</th>
          <th scope="col" class="text-end">Spent</th>
          <th scope="col" class="text-end" bhSort="availableFunds" [list]="list">Available</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody>
          @for (t of p.content; track t.id) {
            <tr>
              <td>{{ t.name }}</td><td>{{ t.description }}</td>
              <td class="text-end">{{ money(t.allocated) }}</td><td class="text-end">{{ money(t.spent) }}</td>
              <td class="text-end">{{ money(t.availableFunds) }}</td>
              <td class="text-end text-nowrap">
                <bh-row-actions [list]="list" [row]="t" [edit]="['/budget-types', t.id]" [label]="t.name" />
              </td>
            </tr>
          } @empty {
            <tr><td colspan="6" class="text-muted">No budget types{{ nameFilter ? ' match this filter' : ' yet' }}.</td></tr>
          }
        </tbody>
      </table>
      <bh-pager [list]="list" />
    }
  `,
})
export class BudgetTypesPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly money = formatMoney;
  protected nameFilter = '';
  protected readonly list = new PagedList<BudgetType>(
    (q) => this.api.get<'/api/v1/budget/type/all', Page<BudgetType>>('/api/v1/budget/type/all',
      { query: { ...q, ...(this.nameFilter.trim() ? { name: this.nameFilter.trim() } : {}) } }),
    { field: 'name', direction: 'asc' },
    {
      remove: {
        question: (t) => `Delete the budget type “${t.name}”? This cannot be undone.`,
        request: (t) => this.api.delete('/api/v1/budget/type/delete/{id}', { path: { id: t.id } }),
        done: (t) => `Budget type “${t.name}” deleted.`,
      },
    });

  ngOnInit(): void {
    this.list.load(0);
  }

  clear(): void {
    this.nameFilter = '';
    this.list.load(0);
  }
}
